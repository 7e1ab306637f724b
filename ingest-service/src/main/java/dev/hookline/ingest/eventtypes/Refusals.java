package dev.hookline.ingest.eventtypes;

import java.util.ArrayList;
import java.util.List;

import dev.hookline.ingest.http.ApiException;
import dev.hookline.ingest.http.FieldError;

import org.springframework.http.HttpStatus;

/**
 * Collects what is wrong with an event-type request so that one answer lists it all: 400
 * when the body is malformed (an unknown field, a wrong JSON type), else 422 when it is
 * well-formed but holds values that are not allowed. {@code field} names the first error,
 * {@code errors} lists them all, as in every field error of the API.
 */
final class Refusals {

	private static final int MAX = 100;

	private final List<FieldError> errors = new ArrayList<>();

	private boolean malformed;

	/** A field that is unknown or of the wrong JSON type: 400. */
	void malformed(String field, String detail) {
		this.malformed = true;
		add(field, detail);
	}

	/** A field of the right type whose value is not allowed: 422. */
	void invalid(String field, String detail) {
		add(field, detail);
	}

	/**
	 * @throws ApiException listing every error, if there is any
	 */
	void throwIfAny() {
		if (this.errors.isEmpty()) {
			return;
		}
		FieldError first = this.errors.get(0);
		int more = this.errors.size() - 1;
		String detail = "'" + first.field() + "' " + first.detail() + ((more > 0) ? " (and " + more + " more)" : "");
		HttpStatus status = this.malformed ? HttpStatus.BAD_REQUEST : HttpStatus.UNPROCESSABLE_CONTENT;
		throw ApiException.of(status, "invalid-event-type", "Invalid event type", detail)
			.with("field", first.field())
			.with("errors", List.copyOf(this.errors));
	}

	private void add(String field, String detail) {
		if (this.errors.size() < MAX) {
			this.errors.add(new FieldError(field, null, detail));
		}
	}

}
