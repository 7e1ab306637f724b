package dev.hookline.ingest.http;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;

/**
 * Collects what is wrong with a request body so that one answer lists it all: 400 when
 * the body is malformed (an unknown field, a missing one, a wrong JSON type), else 422
 * when it is well-formed but holds invalid values. The problem document has the same
 * members in every field error of the API: {@code field} names the first, {@code errors}
 * lists them all.
 */
public final class Refusals {

	private static final int MAX = 100;

	private final List<FieldError> errors = new ArrayList<>();

	private final String type;

	private final String title;

	private boolean malformed;

	/**
	 * @param type the last part of the problem type
	 * @param title the problem title
	 */
	public Refusals(String type, String title) {
		this.type = type;
		this.title = title;
	}

	/** A field that is missing, unknown or of the wrong JSON type: 400. */
	public void malformed(String field, String detail) {
		this.malformed = true;
		add(field, detail);
	}

	/**
	 * Every field of an object body that is not among {@code known}, as malformed (400),
	 * naming the fields there are.
	 */
	public void unknownFields(JsonNode body, List<String> known) {
		for (String field : body.propertyNames()) {
			if (!known.contains(field)) {
				malformed(field, "is not a known field here; the fields are " + String.join(", ", known));
			}
		}
	}

	/** A field of the right type whose value is not allowed: 422. */
	public void invalid(String field, String detail) {
		add(field, detail);
	}

	public boolean isEmpty() {
		return this.errors.isEmpty();
	}

	/**
	 * @throws ApiException listing every error, if there is any
	 */
	public void throwIfAny() {
		if (this.errors.isEmpty()) {
			return;
		}
		FieldError first = this.errors.get(0);
		int more = this.errors.size() - 1;
		String detail = "'" + first.field() + "' " + first.detail() + ((more > 0) ? " (and " + more + " more)" : "");
		HttpStatus status = this.malformed ? HttpStatus.BAD_REQUEST : HttpStatus.UNPROCESSABLE_CONTENT;
		throw ApiException.of(status, this.type, this.title, detail)
			.with("field", first.field())
			.with("errors", List.copyOf(this.errors));
	}

	private void add(String field, String detail) {
		if (this.errors.size() < MAX) {
			this.errors.add(new FieldError(field, null, detail));
		}
	}

}
