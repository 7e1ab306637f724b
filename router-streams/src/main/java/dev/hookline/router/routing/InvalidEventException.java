package dev.hookline.router.routing;

import dev.hookline.schemas.Event;

/**
 * An event that decodes but cannot be routed: its {@code data} is not one JSON value. The
 * message names the event, never its data; the parser's exception, which may quote the
 * data, is left out for that reason.
 */
public final class InvalidEventException extends RuntimeException {

	InvalidEventException(Event event, IllegalArgumentException cause) {
		super("event " + event.getId() + " of tenant " + event.getTenant() + " cannot be routed: "
				+ cause.getMessage());
	}

}
