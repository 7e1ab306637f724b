package dev.hookline.ingest.eventtypes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import dev.hookline.schemas.EventType;
import dev.hookline.schemas.Topics;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The compiled JSON Schemas of the catalogue's entries, each compiled once per version of
 * its entry rather than per event.
 *
 * <p>
 * An entry is recompiled when its schema text changes, which also covers a type deleted
 * and put again (its version starts over). A stored schema that no longer compiles (it
 * was accepted by an older library) is logged once and validates nothing: the producer is
 * not to blame for it.
 */
final class CompiledSchemas {

	private static final Logger log = LoggerFactory.getLogger(CompiledSchemas.class);

	/** Reads schemas and event data with the digits they were sent with. */
	static final JsonMapper JSON = JsonMapper.builder()
		.enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
		.build();

	private final JsonSchemas schemas;

	private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

	CompiledSchemas(JsonSchemas schemas) {
		this.schemas = schemas;
	}

	/** The entry's schema, compiled; null when it has none or it does not compile. */
	@Nullable Schema of(EventType entry) {
		String source = entry.getSchema$();
		String key = Topics.eventTypeKey(entry.getTenant(), entry.getName());
		if (source == null) {
			this.compiled.remove(key);
			return null;
		}
		return this.compiled.compute(key, (k, cached) -> (cached != null && cached.source.equals(source)) ? cached
				: compile(entry, source)).schema;
	}

	/** How many schemas are held compiled. */
	int size() {
		return this.compiled.size();
	}

	private Compiled compile(EventType entry, String source) {
		try {
			JsonNode schema = JSON.readTree(source);
			return new Compiled(source, this.schemas.compile(schema));
		}
		catch (SchemaException | IllegalArgumentException ex) {
			log.warn("the schema of event type {} (tenant {}, version {}) does not compile; its events are not "
					+ "validated: {}", entry.getName(), entry.getTenant(), entry.getVersion(), ex.getMessage());
			return new Compiled(source, null);
		}
	}

	private record Compiled(String source, @Nullable Schema schema) {

	}

}
