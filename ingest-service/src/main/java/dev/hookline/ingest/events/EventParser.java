package dev.hookline.ingest.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.hookline.ingest.IngestProperties;
import dev.hookline.ingest.http.ApiException;
import dev.hookline.ingest.http.FieldErrors;
import dev.hookline.ingest.http.JsonBodyReader;
import dev.hookline.schemas.Event;
import dev.hookline.schemas.EventTypePatterns;
import dev.hookline.schemas.Topics;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Turns the body of {@code POST /v1/events} into events, or refuses all of it.
 *
 * <p>
 * The body is one event object or a non-empty array of at most
 * {@code hookline.ingest.max-batch}. An event is {@code type} (required, see
 * {@link EventTypePatterns}), {@code data} (required, any JSON value, {@code null}
 * included), and optionally {@code id}, {@code key} (the ordering key) and
 * {@code occurredAt} (ISO-8601 with offset; default: when received). A {@code null}
 * optional field counts as absent. Any other field is an error. Fails with a 400
 * {@link ApiException} listing every problem with its field and, in a batch, its index.
 */
@Component
final class EventParser {

	static final List<String> FIELDS = List.of("type", "data", "id", "key", "occurredAt");

	static final int MAX_KEY_LENGTH = 128;

	private static final String PROBLEM = "invalid-event";

	private static final String TITLE = "Invalid event";

	private final int maxBatch;

	private final JsonBodyReader json;

	EventParser(IngestProperties properties, JsonBodyReader json) {
		this.maxBatch = properties.maxBatch();
		this.json = json;
	}

	/**
	 * What the request says beside its body.
	 *
	 * @param tenant the tenant of the caller's key
	 * @param idempotencyKey the validated {@code Idempotency-Key}, if sent
	 * @param traceparent the valid W3C {@code traceparent}, if sent
	 * @param receivedAt the default {@code occurredAt}
	 */
	record Context(String tenant, @Nullable String idempotencyKey, @Nullable String traceparent, Instant receivedAt) {

	}

	List<Event> parse(JsonNode body, Context context) {
		List<JsonNode> items = items(body);
		boolean batch = body.isArray();
		FieldErrors errors = new FieldErrors();
		List<Event> events = new ArrayList<>(items.size());
		Map<String, Integer> seenIds = new HashMap<>();
		for (int i = 0; i < items.size(); i++) {
			Integer index = batch ? i : null;
			Event event = event(items.get(i), i, index, context, errors);
			if (event != null) {
				Integer first = seenIds.putIfAbsent(event.getId(), i);
				if (first != null) {
					errors.add("id", index, "repeats the id of event " + first + " in this request");
				}
				events.add(event);
			}
		}
		errors.throwIfAny(PROBLEM, TITLE);
		return events;
	}

	private List<JsonNode> items(JsonNode body) {
		if (body.isObject()) {
			return List.of(body);
		}
		if (!body.isArray()) {
			throw ApiException.of(HttpStatus.BAD_REQUEST, PROBLEM, TITLE,
					"The body must be an event object or an array of event objects.");
		}
		if (body.isEmpty() || body.size() > this.maxBatch) {
			throw ApiException.of(HttpStatus.BAD_REQUEST, "invalid-batch", "Invalid batch",
					"A batch holds 1 to " + this.maxBatch + " events; this one holds " + body.size() + ".");
		}
		List<JsonNode> items = new ArrayList<>(body.size());
		body.forEach(items::add);
		return items;
	}

	private @Nullable Event event(JsonNode node, int position, @Nullable Integer index, Context context,
			FieldErrors errors) {
		if (!node.isObject()) {
			errors.add(null, index, "must be an event object");
			return null;
		}
		int before = errors.size();
		unknownFields(node, index, errors);
		String type = type(node, index, errors);
		JsonNode data = node.get("data");
		if (data == null) {
			errors.add("data", index, "is required (any JSON value)");
		}
		String id = id(node, index, errors);
		String key = key(node, index, errors);
		Instant occurredAt = occurredAt(node, index, errors);
		String compact = (data != null) ? this.json.compact(data) : null;
		int dataBytes = (compact != null) ? compact.getBytes(StandardCharsets.UTF_8).length : 0;
		if (dataBytes > Topics.MAX_EVENT_DATA_BYTES) {
			// past it, the router could not write the event's deliveries, nor the worker
			// retry or dead-letter them
			errors.add("data", index, "is " + dataBytes + " bytes; an event's data may be at most "
					+ Topics.MAX_EVENT_DATA_BYTES + " bytes, so that every record made of it fits Kafka's limit");
		}
		if (errors.size() > before || type == null || compact == null) {
			return null;
		}
		return Event.newBuilder()
			.setId((id != null) ? id : newId(context, position))
			.setTenant(context.tenant())
			.setType(type)
			.setOccurredAt((occurredAt != null) ? occurredAt : context.receivedAt().truncatedTo(ChronoUnit.MILLIS))
			.setData(compact)
			.setOrderingKey(key)
			.setTraceparent(context.traceparent())
			.build();
	}

	private static void unknownFields(JsonNode node, @Nullable Integer index, FieldErrors errors) {
		for (String field : node.propertyNames()) {
			if (!FIELDS.contains(field)) {
				errors.add(field, index, "is not a known field; an event has " + String.join(", ", FIELDS));
			}
		}
	}

	private static @Nullable String id(JsonNode node, @Nullable Integer index, FieldErrors errors) {
		String id = string(node, "id", index, errors);
		if (id != null && !EventIds.GIVEN.matcher(id).matches()) {
			errors.add("id", index, "must be 1 to 128 of A-Z a-z 0-9 _ . : -");
		}
		return id;
	}

	private static @Nullable String key(JsonNode node, @Nullable Integer index, FieldErrors errors) {
		String key = string(node, "key", index, errors);
		if (key != null && (key.isEmpty() || key.length() > MAX_KEY_LENGTH)) {
			errors.add("key", index, "must be 1 to " + MAX_KEY_LENGTH + " characters");
		}
		return key;
	}

	private static @Nullable String type(JsonNode node, @Nullable Integer index, FieldErrors errors) {
		String type = string(node, "type", index, errors);
		if (type == null) {
			if (!node.has("type") || node.get("type").isNull()) {
				errors.add("type", index, "is required");
			}
			return null;
		}
		if (!EventTypePatterns.isValidType(type)) {
			errors.add("type", index, "must look like resource.action: two or more dot-separated segments of "
					+ "a-z 0-9 _ -, at most " + EventTypePatterns.MAX_LENGTH + " characters");
			return null;
		}
		return type;
	}

	private static @Nullable Instant occurredAt(JsonNode node, @Nullable Integer index, FieldErrors errors) {
		String text = string(node, "occurredAt", index, errors);
		if (text == null) {
			return null;
		}
		try {
			return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
				.toInstant()
				.truncatedTo(ChronoUnit.MILLIS);
		}
		catch (DateTimeParseException ex) {
			errors.add("occurredAt", index, "must be an ISO-8601 timestamp with offset, e.g. 2025-01-31T12:00:00Z");
			return null;
		}
	}

	/** The field's text; null when absent or null, or (with an error) not a string. */
	private static @Nullable String string(JsonNode node, String field, @Nullable Integer index, FieldErrors errors) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			errors.add(field, index, "must be a string");
			return null;
		}
		return value.stringValue();
	}

	private static String newId(Context context, int position) {
		String idempotencyKey = context.idempotencyKey();
		return (idempotencyKey != null) ? EventIds.derived(context.tenant(), idempotencyKey, position)
				: EventIds.random();
	}

}
