package dev.hookline.router.routing;

import java.io.ByteArrayOutputStream;

import dev.hookline.schemas.Event;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the exact bytes an endpoint receives for an event (Standard Webhooks):
 * {@code {"id":…,"type":…,"timestamp":…,"data":…}} in that order, UTF-8, without
 * whitespace. The timestamp is the event's {@code occurredAt} as ISO-8601 UTC
 * ({@link java.time.Instant#toString()}); {@code data} is the event's JSON text spliced
 * in unchanged, or, for a subscription that keeps only some fields, those fields written
 * from a tree.
 *
 * <p>
 * Fails with {@link IllegalArgumentException} when {@code data} is not exactly one JSON
 * value: spliced in, it would make a body no endpoint can parse. Ingest validates data,
 * but JVM producers may write to the events topic directly.
 */
final class WebhookBody {

	private static final JsonFactory JSON = new JsonFactory();

	private static final JsonMapper TREES = JsonMapper.builder().build();

	private WebhookBody() {
	}

	static byte[] of(Event event) {
		String data = event.getData();
		requireOneJsonValue(data);
		ByteArrayOutputStream out = new ByteArrayOutputStream(64 + event.getId().length() + data.length());
		try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
			writeEnvelope(json, event);
			json.writeRawValue(data);
			json.writeEndObject();
		}
		return out.toByteArray();
	}

	/**
	 * The body of the event with other data in its place (the fields a subscription
	 * keeps), written compactly from the tree; numbers keep their value, not always their
	 * spelling.
	 */
	static byte[] of(Event event, JsonNode data) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(64 + event.getId().length() + event.getData().length());
		try (JsonGenerator json = TREES.createGenerator(out)) {
			writeEnvelope(json, event);
			json.writeTree(data);
			json.writeEndObject();
		}
		return out.toByteArray();
	}

	private static void writeEnvelope(JsonGenerator json, Event event) {
		json.writeStartObject();
		json.writeStringProperty("id", event.getId());
		json.writeStringProperty("type", event.getType());
		json.writeStringProperty("timestamp", event.getOccurredAt().toString());
		json.writeName("data");
	}

	private static void requireOneJsonValue(String data) {
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), data)) {
			JsonToken first = parser.nextToken();
			if (first == null) {
				throw new IllegalArgumentException("event data is empty");
			}
			parser.skipChildren();
			if (parser.nextToken() != null) {
				throw new IllegalArgumentException("event data has content after its JSON value");
			}
		}
		catch (JacksonException ex) {
			// the parser's message may quote the payload, which must not reach the logs
			throw new IllegalArgumentException("event data is not valid JSON", ex);
		}
	}

}
