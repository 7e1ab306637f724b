package dev.hookline.ingest.eventtypes;

import java.time.Instant;
import java.util.List;

import dev.hookline.schemas.EventType;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * An event type as the API shows it.
 *
 * @param name the event type, {@code resource.action}
 * @param module the product area it belongs to, or null
 * @param description free text, or null
 * @param schema the JSON Schema of its data, or null
 * @param deprecated whether producers should stop publishing it
 * @param version increases by one on every change
 * @param createdAt when it was first put
 * @param updatedAt when it was last put
 */
record EventTypeResource(String name, @Nullable String module, @Nullable String description, @Nullable JsonNode schema,
		boolean deprecated, long version, Instant createdAt, Instant updatedAt) {

	/** Reads stored schemas back with the digits they were sent with. */
	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
		.build();

	static EventTypeResource of(EventType eventType) {
		String schema = eventType.getSchema$();
		return new EventTypeResource(eventType.getName(), eventType.getModule(), eventType.getDescription(),
				(schema != null) ? JSON.readTree(schema) : null, eventType.getDeprecated(), eventType.getVersion(),
				eventType.getCreatedAt(), eventType.getUpdatedAt());
	}

	/**
	 * A page of a listing.
	 *
	 * @param data the event types, in name order
	 * @param next the {@code after} value of the next page, or null on the last
	 */
	record Page(List<EventTypeResource> data, @Nullable String next) {

	}

}
