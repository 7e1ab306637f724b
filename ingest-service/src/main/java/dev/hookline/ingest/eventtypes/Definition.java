package dev.hookline.ingest.eventtypes;

import dev.hookline.schemas.EventType;
import org.jspecify.annotations.Nullable;

/**
 * A validated body of {@code PUT /v1/event-types/{name}}: everything an entry holds
 * besides what the store sets (tenant, name, version, times).
 *
 * @param module the product area, or null
 * @param description free text, or null
 * @param schema the JSON Schema of the data as compact JSON text, or null
 * @param deprecated whether producers should stop publishing it
 */
record Definition(@Nullable String module, @Nullable String description, @Nullable String schema, boolean deprecated) {

	/** Replaces every field the body defines; absent ones are cleared. */
	EventType.Builder applyTo(EventType.Builder entry) {
		return entry.setModule(this.module)
			.setDescription(this.description)
			.setSchema$(this.schema)
			.setDeprecated(this.deprecated);
	}

}
