package dev.hookline.ingest.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * One problem with one field of a request body, as listed in a 400 answer's
 * {@code errors}.
 *
 * @param field the offending field, or {@code null} when the whole value is wrong
 * @param index the position of the offending event in a batch, or {@code null} outside a
 * batch
 * @param detail what is wrong, for a human
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(@Nullable String field, @Nullable Integer index, String detail) {

	/** The error as one sentence, e.g. {@code event 3: 'type' must ...}. */
	String describe() {
		StringBuilder text = new StringBuilder();
		if (this.index != null) {
			text.append("event ").append(this.index).append(": ");
		}
		if (this.field != null) {
			text.append('\'').append(this.field).append("' ");
		}
		return text.append(this.detail).toString();
	}

}
