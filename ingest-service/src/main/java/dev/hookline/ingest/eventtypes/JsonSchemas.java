package dev.hookline.ingest.eventtypes;

import java.util.List;
import java.util.Locale;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;

/**
 * Checks and compiles the JSON Schemas of event types, draft 2020-12 unless a schema's
 * {@code $schema} names another draft.
 *
 * <p>
 * Only the meta-schemas bundled with the library can be referenced: a {@code $ref} to
 * anything else is never fetched (it would let an admin make the service call any URL)
 * and makes the schema invalid. Each schema is compiled by a registry of its own, so a
 * schema's {@code $id} can never resolve a {@code $ref} of another tenant's schema.
 */
final class JsonSchemas {

	/** The most errors reported for one value. */
	static final int MAX_ERRORS = 10;

	private static final SchemaRegistryConfig CONFIG = SchemaRegistryConfig.builder()
		// messages are part of the API: the same on every machine
		.locale(Locale.ENGLISH)
		.build();

	private final Schema metaSchema;

	JsonSchemas() {
		this.metaSchema = registry().getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
	}

	/**
	 * Why the value is not a usable JSON Schema, one message per problem; empty when it
	 * is one.
	 */
	List<String> problems(JsonNode schema) {
		List<String> problems = this.metaSchema.validate(schema)
			.stream()
			.limit(MAX_ERRORS)
			.map(JsonSchemas::describe)
			.toList();
		if (!problems.isEmpty()) {
			return problems;
		}
		try {
			compile(schema);
			return List.of();
		}
		catch (SchemaException | IllegalArgumentException ex) {
			return List.of(String.valueOf(ex.getMessage()));
		}
	}

	/**
	 * The schema, ready to validate values.
	 * @throws SchemaException when it cannot be compiled
	 */
	Schema compile(JsonNode schema) {
		Schema compiled = registry().getSchema(schema);
		// resolve every keyword and $ref now, not on the first event
		compiled.initializeValidators();
		return compiled;
	}

	/**
	 * The errors of a value against a compiled schema, at most {@value #MAX_ERRORS}.
	 */
	static List<Error> errors(Schema schema, JsonNode value) {
		return schema.validate(value).stream().limit(MAX_ERRORS).toList();
	}

	/** An error as {@code /pointer: message}, or the message alone at the root. */
	static String describe(Error error) {
		String location = error.getInstanceLocation().toString();
		return location.isEmpty() ? error.getMessage() : location + ": " + error.getMessage();
	}

	private static SchemaRegistry registry() {
		return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
				builder -> builder.schemaRegistryConfig(CONFIG)
					.schemaLoader(loader -> loader.fetchRemoteResources(false)));
	}

}
