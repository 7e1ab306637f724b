package dev.hookline.cli.support;

import java.io.PrintWriter;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON for scripts: every {@code --json} output is one pretty-printed document, and times
 * are ISO-8601 strings.
 */
public final class Json {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	public static ObjectNode object() {
		return MAPPER.createObjectNode();
	}

	public static ArrayNode array() {
		return MAPPER.createArrayNode();
	}

	/** An instant as an ISO-8601 string, or JSON null. */
	public static @Nullable String time(@Nullable Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	/** Parses JSON text; a usage error naming {@code what} when it is not JSON. */
	public static JsonNode parse(String text, String what) {
		try {
			return MAPPER.readTree(text);
		}
		catch (JacksonException ex) {
			throw CliException.usage(what + " is not valid JSON: " + ex.getOriginalMessage());
		}
	}

	/** Parses JSON text, or returns {@code null} when it is not JSON. */
	public static @Nullable JsonNode tryParse(String text) {
		try {
			return MAPPER.readTree(text);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	public static String compact(JsonNode node) {
		return MAPPER.writeValueAsString(node);
	}

	public static String pretty(JsonNode node) {
		return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
	}

	public static void print(PrintWriter out, JsonNode node) {
		out.println(pretty(node));
		out.flush();
	}

}
