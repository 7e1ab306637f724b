package dev.hookline.schemas.payload;

/**
 * A payload filter or field allowlist that is not valid, naming the offending field the
 * way an API caller wrote it (for example {@code filter[1].gte}).
 */
public final class PayloadRuleException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String field;

	PayloadRuleException(String field, String message) {
		super(field + ": " + message);
		this.field = field;
	}

	/** The offending field, for example {@code fields[0]}. */
	public String field() {
		return this.field;
	}

	/** What is wrong with it, without the field name. */
	public String reason() {
		return getMessage().substring(this.field.length() + 2);
	}

}
