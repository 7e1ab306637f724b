package dev.hookline.ingest.subscriptions;

import java.util.List;
import java.util.Map;

import dev.hookline.ingest.HooklineProperties;
import dev.hookline.ingest.http.ApiException;
import dev.hookline.ingest.http.Refusals;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Turns the body of {@code POST /v1/subscriptions} into a {@link NewSubscription}, and
 * the body of {@code PATCH /v1/subscriptions/{id}} into a {@link SubscriptionPatch}, or
 * refuses them.
 *
 * <p>
 * The fields are {@code url}, {@code eventTypes}, {@code description}, {@code filter},
 * {@code fields}, {@code headers}, {@code rateLimit}, and in a patch {@code active}; see
 * {@link FieldRules} and {@link HeaderRules} for their values. Whether the URL's host is
 * a private address is checked when a webhook connects. Fails with the
 * {@link ApiException} of {@link Refusals} naming every offending field: 400 for an
 * unknown field, a missing one or a wrong JSON type, 422 for an invalid value.
 */
@Component
final class SubscriptionParser {

	/** The problem type and title of a refused subscription body. */
	static final String INVALID = "invalid-subscription";

	static final String TITLE = "Invalid subscription";

	static final List<String> FIELDS = List.of("url", "eventTypes", "description", "filter", "fields", "headers",
			"rateLimit");

	static final List<String> PATCH_FIELDS = List.of("url", "eventTypes", "description", "filter", "fields", "headers",
			"rateLimit", "active");

	private final FieldRules rules;

	SubscriptionParser(HooklineProperties properties) {
		this.rules = new FieldRules(properties.localMode());
	}

	NewSubscription parse(JsonNode body) {
		Refusals refusals = knownFields(body, FIELDS);
		String url = required(body, "url", "the absolute https URL to deliver to", refusals)
				? this.rules.url(body.get("url"), refusals) : null;
		List<String> eventTypes = required(body, "eventTypes", "a non-empty array of event types or patterns", refusals)
				? FieldRules.eventTypes(body.get("eventTypes"), refusals) : List.of();
		String description = optional(body, "description") ? FieldRules.description(body.get("description"), refusals)
				: null;
		String filter = optional(body, "filter") ? FieldRules.filter(body.get("filter"), refusals) : null;
		List<String> fields = optional(body, "fields") ? FieldRules.fields(body.get("fields"), refusals) : null;
		// without removals, headers() holds no null value
		Map<String, String> headers = optional(body, "headers")
				? FieldRules.headers(body.get("headers"), false, refusals) : Map.of();
		if (headers.size() > HeaderRules.MAX_HEADERS) {
			refusals.invalid("headers", "must hold at most " + HeaderRules.MAX_HEADERS + " headers");
		}
		Integer rateLimit = optional(body, "rateLimit") ? FieldRules.rateLimit(body.get("rateLimit"), refusals) : null;
		refusals.throwIfAny();
		return new NewSubscription(nonNull(url), eventTypes, description, filter, fields, headers, rateLimit);
	}

	SubscriptionPatch parsePatch(JsonNode body) {
		Refusals refusals = knownFields(body, PATCH_FIELDS);
		SubscriptionPatch patch = new SubscriptionPatch();
		if (notNull(body, "url", refusals)) {
			String url = this.rules.url(body.get("url"), refusals);
			patch.edit((builder) -> builder.setUrl(url));
		}
		if (notNull(body, "eventTypes", refusals)) {
			patch.eventTypes(FieldRules.eventTypes(body.get("eventTypes"), refusals));
		}
		if (body.has("description")) {
			String description = optional(body, "description")
					? FieldRules.description(body.get("description"), refusals) : null;
			patch.edit((builder) -> builder.setDescription(description));
		}
		if (body.has("filter")) {
			String filter = optional(body, "filter") ? FieldRules.filter(body.get("filter"), refusals) : null;
			patch.edit((builder) -> builder.setFilter(filter));
		}
		if (body.has("fields")) {
			List<String> fields = optional(body, "fields") ? FieldRules.fields(body.get("fields"), refusals) : null;
			patch.edit((builder) -> builder.setFields(fields));
		}
		if (body.has("headers")) {
			boolean clear = !optional(body, "headers");
			patch.headers(clear ? Map.of() : FieldRules.headers(body.get("headers"), true, refusals), clear);
		}
		if (body.has("rateLimit")) {
			Integer rateLimit = optional(body, "rateLimit") ? FieldRules.rateLimit(body.get("rateLimit"), refusals)
					: null;
			patch.edit((builder) -> builder.setRateLimit(rateLimit));
		}
		if (notNull(body, "active", refusals)) {
			if (body.get("active").isBoolean()) {
				patch.active(body.get("active").booleanValue());
			}
			else {
				refusals.malformed("active", "must be true or false");
			}
		}
		refusals.throwIfAny();
		return patch;
	}

	private static Refusals knownFields(JsonNode body, List<String> known) {
		if (!body.isObject()) {
			throw ApiException.of(HttpStatus.BAD_REQUEST, INVALID, TITLE, "The body must be a JSON object.");
		}
		Refusals refusals = refusals();
		refusals.unknownFields(body, known);
		return refusals;
	}

	private static boolean required(JsonNode body, String field, String what, Refusals refusals) {
		if (!optional(body, field)) {
			refusals.malformed(field, "is required: " + what);
			return false;
		}
		return true;
	}

	/** Whether the field is present with a value other than JSON null. */
	private static boolean optional(JsonNode body, String field) {
		JsonNode node = body.get(field);
		return node != null && !node.isNull();
	}

	/** Whether a field that cannot be cleared is present; refuses it when null. */
	private static boolean notNull(JsonNode body, String field, Refusals refusals) {
		JsonNode node = body.get(field);
		if (node != null && node.isNull()) {
			refusals.malformed(field, "cannot be null: it has no default to return to");
			return false;
		}
		return node != null;
	}

	private static String nonNull(@Nullable String value) {
		// null only when a refusal was recorded, and then throwIfAny has thrown
		return (value != null) ? value : "";
	}

	/** Collects the refusals of a subscription body. */
	static Refusals refusals() {
		return new Refusals(INVALID, TITLE);
	}

}
