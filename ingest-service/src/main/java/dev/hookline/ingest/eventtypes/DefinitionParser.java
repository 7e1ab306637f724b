package dev.hookline.ingest.eventtypes;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.hookline.ingest.http.ApiException;
import dev.hookline.ingest.http.Refusals;
import dev.hookline.ingest.http.JsonBodyReader;
import dev.hookline.schemas.EventTypePatterns;
import dev.hookline.schemas.OperationalEvents;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;

/**
 * Checks the name of {@code PUT /v1/event-types/{name}} and turns its body into a
 * {@link Definition}, or refuses them.
 *
 * <p>
 * The body is {@code {"module"?, "description"?, "schema"?, "deprecated"?}}; a null field
 * counts as absent. {@code module} is 1 to {@value #MAX_MODULE_LENGTH} characters,
 * {@code description} at most {@value #MAX_DESCRIPTION_LENGTH}, {@code schema} a JSON
 * Schema object of at most {@value #MAX_SCHEMA_BYTES} bytes as compact JSON. Fails with
 * an {@link ApiException}: 400 for an unknown field or a wrong JSON type, 422 for a value
 * that is not allowed (an invalid or reserved name, a schema that is not a valid JSON
 * Schema, a size cap), naming every offending field.
 */
final class DefinitionParser {

	static final List<String> FIELDS = List.of("module", "description", "schema", "deprecated");

	static final int MAX_MODULE_LENGTH = 64;

	static final int MAX_DESCRIPTION_LENGTH = 1000;

	static final int MAX_SCHEMA_BYTES = 64 * 1024;

	private final JsonBodyReader json;

	private final JsonSchemas schemas;

	DefinitionParser(JsonBodyReader json, JsonSchemas schemas) {
		this.json = json;
		this.schemas = schemas;
	}

	/** Refuses (422) a name that no producer could publish. */
	static void checkName(String name) {
		Refusals refusals = new Refusals("invalid-event-type", "Invalid event type");
		if (!EventTypePatterns.isValidType(name)) {
			refusals.invalid("name", "must look like resource.action: two or more dot-separated segments of "
					+ "a-z 0-9 _ -, at most " + EventTypePatterns.MAX_LENGTH + " characters");
		}
		else if (OperationalEvents.isOperational(name)) {
			refusals.invalid("name", "must not start with " + OperationalEvents.PREFIX
					+ ": those types are reserved for Hookline's own events");
		}
		refusals.throwIfAny();
	}

	Definition parse(JsonNode body) {
		if (!body.isObject()) {
			throw ApiException.of(HttpStatus.BAD_REQUEST, "invalid-event-type", "Invalid event type",
					"The body must be a JSON object: {\"module\", \"description\", \"schema\", \"deprecated\"}, "
							+ "all optional.");
		}
		Refusals refusals = new Refusals("invalid-event-type", "Invalid event type");
		for (String field : body.propertyNames()) {
			if (!FIELDS.contains(field)) {
				refusals.malformed(field, "is not a known field; an event type has " + String.join(", ", FIELDS));
			}
		}
		String module = text(body, "module", MAX_MODULE_LENGTH, refusals);
		if (module != null && module.isBlank()) {
			refusals.invalid("module", "must not be blank");
		}
		String description = text(body, "description", MAX_DESCRIPTION_LENGTH, refusals);
		String schema = schema(body.get("schema"), refusals);
		boolean deprecated = deprecated(body.get("deprecated"), refusals);
		refusals.throwIfAny();
		return new Definition(module, description, schema, deprecated);
	}

	private static @Nullable String text(JsonNode body, String field, int maxLength, Refusals refusals) {
		JsonNode node = body.get(field);
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isString()) {
			refusals.malformed(field, "must be a string");
			return null;
		}
		if (node.stringValue().length() > maxLength) {
			refusals.invalid(field, "must be at most " + maxLength + " characters");
			return null;
		}
		return node.stringValue();
	}

	private @Nullable String schema(@Nullable JsonNode node, Refusals refusals) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isObject()) {
			refusals.malformed("schema", "must be a JSON Schema object");
			return null;
		}
		String text = this.json.compact(node);
		if (text.getBytes(StandardCharsets.UTF_8).length > MAX_SCHEMA_BYTES) {
			refusals.invalid("schema", "must be at most " + MAX_SCHEMA_BYTES + " bytes as compact JSON");
			return null;
		}
		List<String> problems = this.schemas.problems(node);
		problems.forEach(problem -> refusals.invalid("schema", "is not a valid JSON Schema: " + problem));
		return problems.isEmpty() ? text : null;
	}

	private static boolean deprecated(@Nullable JsonNode node, Refusals refusals) {
		if (node == null || node.isNull()) {
			return false;
		}
		if (!node.isBoolean()) {
			refusals.malformed("deprecated", "must be true or false");
			return false;
		}
		return node.booleanValue();
	}

}
