package dev.hookline.router.routing;

import dev.hookline.schemas.Event;
import dev.hookline.schemas.OperationalEvents;
import dev.hookline.schemas.payload.FieldAllowlist;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One event's data while it is routed: parsed into a tree at most once, and only when a
 * rule needs it; its shared body built at most once, and only when a subscription
 * receives it whole.
 *
 * <p>
 * Fails with {@link IllegalArgumentException}, never quoting the data, when the data is
 * not exactly one JSON value. Not thread-safe: it lives for one {@code process} call.
 */
final class EventData {

	// BigDecimal keeps every digit a producer sent, for filters and for allowlisted
	// bodies
	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private final Event event;

	private @Nullable JsonNode tree;

	private byte @Nullable [] body;

	EventData(Event event) {
		this.event = event;
	}

	/** The data as a tree. */
	JsonNode tree() {
		if (this.tree == null) {
			this.tree = parse(this.event.getData());
		}
		return this.tree;
	}

	/** The body with the data as sent, shared by every subscription that gets it all. */
	byte[] body() {
		if (this.body == null) {
			this.body = WebhookBody.of(this.event);
		}
		return this.body;
	}

	/** A body whose data keeps only the allowed fields. */
	byte[] bodyWith(FieldAllowlist fields) {
		return WebhookBody.of(this.event, fields.apply(tree()));
	}

	/**
	 * The subscription an operational event is about, or null for any other event (or an
	 * operational one that names none).
	 */
	@Nullable String subject() {
		if (!OperationalEvents.isOperational(this.event.getType())) {
			return null;
		}
		JsonNode subject = tree().path(OperationalEvents.SUBJECT_FIELD);
		return subject.isString() ? subject.asString() : null;
	}

	private static JsonNode parse(String data) {
		JsonNode tree;
		try {
			tree = JSON.readTree(data);
		}
		catch (JacksonException ex) {
			// the parser's message may quote the payload, which must not reach the logs
			throw new IllegalArgumentException("event data is not valid JSON", ex);
		}
		if (tree.isMissingNode()) {
			throw new IllegalArgumentException("event data is empty");
		}
		return tree;
	}

}
