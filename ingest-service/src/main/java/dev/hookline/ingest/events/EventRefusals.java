package dev.hookline.ingest.events;

import java.util.ArrayList;
import java.util.List;

import dev.hookline.ingest.events.CatalogueCheck.Violation;
import dev.hookline.ingest.http.ApiException;
import dev.hookline.ingest.http.FieldError;
import dev.hookline.schemas.Event;
import dev.hookline.schemas.OperationalEvents;

import org.springframework.http.HttpStatus;

/**
 * The 422 answer to well-formed events that may not be published: a reserved type, or one
 * the tenant's catalogue refuses. Its document has the members of every field error of
 * the API: {@code field} and, in a batch, {@code index} name the first; {@code errors}
 * lists them all.
 */
final class EventRefusals {

	static final String TYPE = "unprocessable-event";

	private static final int MAX = 100;

	private EventRefusals() {
	}

	/** Producers may never publish Hookline's own event types. */
	static List<Violation> reserved(List<Event> events) {
		List<Violation> violations = new ArrayList<>();
		for (int i = 0; i < events.size(); i++) {
			if (OperationalEvents.isOperational(events.get(i).getType())) {
				violations.add(new Violation(i, "type", "must not start with " + OperationalEvents.PREFIX
						+ ": those types are reserved for Hookline's own events"));
			}
		}
		return violations;
	}

	/**
	 * @param batch whether the body was an array, so errors carry their event's index
	 */
	static ApiException of(List<Violation> violations, boolean batch) {
		List<FieldError> errors = violations.stream()
			.limit(MAX)
			.map((violation) -> new FieldError(violation.field(), batch ? violation.position() : null,
					violation.detail()))
			.toList();
		FieldError first = errors.get(0);
		int more = violations.size() - 1;
		String detail = ((first.index() != null) ? "event " + first.index() + ": " : "") + "'" + first.field() + "' "
				+ first.detail() + ((more > 0) ? " (and " + more + " more)" : "");
		ApiException problem = ApiException.of(HttpStatus.UNPROCESSABLE_CONTENT, TYPE, "Unprocessable event", detail)
			.with("field", first.field());
		if (first.index() != null) {
			problem = problem.with("index", first.index());
		}
		return problem.with("errors", errors);
	}

}
