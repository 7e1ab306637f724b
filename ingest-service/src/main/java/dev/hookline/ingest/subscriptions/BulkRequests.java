package dev.hookline.ingest.subscriptions;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.hookline.ingest.http.ApiException;
import dev.hookline.ingest.http.FieldError;
import dev.hookline.ingest.http.Refusals;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;

/**
 * The bodies of the bulk calls, {@code POST /v1/subscriptions/bulk}
 * ({@code {"subscriptions":[…]}}) and {@code POST /v1/subscriptions/bulk-delete}
 * ({@code {"ids":[…]}}): 1 to {@value #MAX} items. All or nothing: one bad item refuses
 * the call, and the problem lists every item's errors, each with its {@code index} and
 * its field as {@code subscriptions[i].field}.
 */
final class BulkRequests {

	/** The most items in one bulk call. */
	static final int MAX = 100;

	private BulkRequests() {
	}

	/**
	 * The subscriptions to create, each parsed as {@code POST /v1/subscriptions} does.
	 */
	static List<NewSubscription> subscriptions(JsonNode body, SubscriptionParser parser) {
		JsonNode items = items(body, "subscriptions", "the subscriptions to create, as POST /v1/subscriptions takes");
		List<NewSubscription> parsed = new ArrayList<>();
		List<FieldError> errors = new ArrayList<>();
		HttpStatus status = HttpStatus.UNPROCESSABLE_CONTENT;
		for (int i = 0; i < items.size(); i++) {
			try {
				parsed.add(parser.parse(items.get(i)));
			}
			catch (ApiException ex) {
				if (ex.status() == HttpStatus.BAD_REQUEST) {
					status = HttpStatus.BAD_REQUEST;
				}
				errors.addAll(indexed(i, ex));
			}
		}
		if (!errors.isEmpty()) {
			FieldError first = errors.get(0);
			int more = errors.size() - 1;
			throw ApiException
				.of(status, SubscriptionParser.INVALID, "Invalid subscriptions",
						"'" + first.field() + "' " + first.detail() + ((more > 0) ? " (and " + more + " more)" : "")
								+ "; nothing was created")
				.with("field", first.field())
				.with("index", first.index())
				.with("errors", errors);
		}
		return parsed;
	}

	/** The distinct subscription ids to delete. */
	static List<String> ids(JsonNode body) {
		JsonNode items = items(body, "ids", "the ids of the subscriptions to delete");
		Set<String> ids = new LinkedHashSet<>();
		Refusals refusals = SubscriptionParser.refusals();
		for (int i = 0; i < items.size(); i++) {
			JsonNode id = items.get(i);
			if (!id.isString() || id.asString().isBlank()) {
				refusals.malformed("ids[" + i + "]", "must be a subscription id");
			}
			else {
				ids.add(id.asString());
			}
		}
		refusals.throwIfAny();
		return List.copyOf(ids);
	}

	private static JsonNode items(JsonNode body, String field, String what) {
		Refusals refusals = SubscriptionParser.refusals();
		if (!body.isObject()) {
			throw ApiException.of(HttpStatus.BAD_REQUEST, SubscriptionParser.INVALID, SubscriptionParser.TITLE,
					"The body must be a JSON object: {\"" + field + "\": [...]}.");
		}
		refusals.unknownFields(body, List.of(field));
		JsonNode items = body.path(field);
		if (!items.isArray() || items.isEmpty() || items.size() > MAX) {
			refusals.malformed(field, "must be an array of 1 to " + MAX + " items: " + what);
		}
		refusals.throwIfAny();
		return items;
	}

	/** The errors of one item, named by its place in the array. */
	private static List<FieldError> indexed(int index, ApiException problem) {
		List<FieldError> found = new ArrayList<>();
		if (problem.properties().get("errors") instanceof List<?> errors) {
			for (Object error : errors) {
				if (error instanceof FieldError field) {
					found.add(new FieldError("subscriptions[" + index + "]." + field.field(), index, field.detail()));
				}
			}
		}
		if (found.isEmpty()) {
			found.add(new FieldError("subscriptions[" + index + "]", index, problem.detail()));
		}
		return found;
	}

}
