package dev.hookline.ingest.subscriptions;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.hookline.ingest.http.ApiException;
import dev.hookline.ingest.http.Refusals;
import dev.hookline.schemas.EventTypePatterns;
import dev.hookline.schemas.payload.FieldAllowlist;
import dev.hookline.schemas.payload.PayloadFilter;
import dev.hookline.schemas.payload.PayloadRuleException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Validates the value of each field of a subscription request, present and not JSON
 * {@code null}; what is wrong goes to the {@link Refusals} and the method returns null
 * (or an empty value). Whether a field may be absent or null is the caller's business.
 */
final class FieldRules {

	static final int MAX_URL_LENGTH = 2048;

	static final int MAX_PATTERNS = 100;

	static final int MAX_DESCRIPTION_LENGTH = 1024;

	static final int MAX_RATE_LIMIT = 10_000;

	/**
	 * The longest filter, as stored JSON text: its conditions are few, but an operand can
	 * be any string, and every subscription is held in the memory of every router and
	 * worker.
	 */
	static final int MAX_FILTER_BYTES = 8 * 1024;

	/** The longest field allowlist, its pointers counted together. */
	static final int MAX_FIELDS_BYTES = 8 * 1024;

	private final boolean localMode;

	FieldRules(boolean localMode) {
		this.localMode = localMode;
	}

	@Nullable String url(JsonNode node, Refusals refusals) {
		if (!node.isString()) {
			refusals.malformed("url", "must be a string: the absolute https URL to deliver to");
			return null;
		}
		String problem = urlProblem(node.stringValue());
		if (problem != null) {
			refusals.invalid("url", problem);
			return null;
		}
		return node.stringValue();
	}

	private @Nullable String urlProblem(String url) {
		if (url.length() > MAX_URL_LENGTH) {
			return "must be at most " + MAX_URL_LENGTH + " characters";
		}
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			return "is not a valid URL: " + ex.getReason();
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
			return "must be an absolute http(s) URL with a host";
		}
		if (scheme.equals("http") && !this.localMode) {
			return "must use https (http is allowed only in local mode)";
		}
		if (uri.getRawUserInfo() != null) {
			return "must not contain credentials";
		}
		return null;
	}

	static List<String> eventTypes(JsonNode node, Refusals refusals) {
		if (!node.isArray()) {
			refusals.malformed("eventTypes", "must be an array of event types or patterns");
			return List.of();
		}
		if (node.isEmpty() || node.size() > MAX_PATTERNS) {
			refusals.invalid("eventTypes", "must hold 1 to " + MAX_PATTERNS + " patterns");
			return List.of();
		}
		Set<String> patterns = new LinkedHashSet<>();
		for (int i = 0; i < node.size(); i++) {
			JsonNode item = node.get(i);
			if (!item.isString()) {
				refusals.malformed("eventTypes[" + i + "]", "must be a string");
			}
			else if (!EventTypePatterns.isValidPattern(item.stringValue())) {
				refusals.invalid("eventTypes[" + i + "]", "is " + ApiException.abbreviated(item.toString(), 64)
						+ ", which is not an event type (post.created), a prefix pattern (post.*) or *");
			}
			else {
				patterns.add(item.stringValue());
			}
		}
		return List.copyOf(patterns);
	}

	static @Nullable String description(JsonNode node, Refusals refusals) {
		if (!node.isString()) {
			refusals.malformed("description", "must be a string");
			return null;
		}
		if (node.stringValue().length() > MAX_DESCRIPTION_LENGTH) {
			refusals.invalid("description", "must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
			return null;
		}
		return node.stringValue();
	}

	/** The filter as stored ({@link PayloadFilter#toJson()}); null for an empty one. */
	static @Nullable String filter(JsonNode node, Refusals refusals) {
		if (!node.isArray()) {
			refusals.malformed("filter", "must be an array of conditions such as [{\"path\":\"/amount\",\"gte\":100}]");
			return null;
		}
		try {
			PayloadFilter filter = PayloadFilter.of(node, "filter");
			int bytes = filter.toJson().getBytes(StandardCharsets.UTF_8).length;
			if (bytes > MAX_FILTER_BYTES) {
				refusals.invalid("filter",
						"is " + bytes + " bytes of JSON; a filter may be at most " + MAX_FILTER_BYTES);
				return null;
			}
			// no condition filters nothing: the same as no filter
			return node.isEmpty() ? null : filter.toJson();
		}
		catch (PayloadRuleException ex) {
			refusals.invalid(ex.field(), ex.reason());
			return null;
		}
	}

	static @Nullable List<String> fields(JsonNode node, Refusals refusals) {
		if (!node.isArray()) {
			refusals.malformed("fields", "must be an array of JSON pointers such as [\"/customer/id\"]");
			return null;
		}
		List<String> pointers = new ArrayList<>();
		for (int i = 0; i < node.size(); i++) {
			if (!node.get(i).isString()) {
				refusals.malformed("fields[" + i + "]", "must be a string");
				return null;
			}
			pointers.add(node.get(i).stringValue());
		}
		int bytes = pointers.stream().mapToInt((pointer) -> pointer.getBytes(StandardCharsets.UTF_8).length).sum();
		if (bytes > MAX_FIELDS_BYTES) {
			refusals.invalid("fields", "holds " + bytes + " bytes of pointers; at most " + MAX_FIELDS_BYTES);
			return null;
		}
		try {
			return FieldAllowlist.of(pointers, "fields").pointers();
		}
		catch (PayloadRuleException ex) {
			refusals.invalid(ex.field(), ex.reason());
			return null;
		}
	}

	/**
	 * The headers of an object of strings; with {@code removals}, a JSON null member is
	 * kept as a null value (a merge patch removing that header), else it is refused.
	 */
	static Map<String, @Nullable String> headers(JsonNode node, boolean removals, Refusals refusals) {
		if (!node.isObject()) {
			refusals.malformed("headers", "must be an object of header names to string values");
			return Map.of();
		}
		Map<String, @Nullable String> headers = new LinkedHashMap<>();
		Set<String> seen = new LinkedHashSet<>();
		for (Map.Entry<String, JsonNode> header : node.properties()) {
			String name = header.getKey();
			String field = "headers." + name;
			JsonNode value = header.getValue();
			String nameProblem = HeaderRules.nameProblem(name);
			if (value.isNull() && removals) {
				headers.put(name, null);
			}
			else if (!value.isString()) {
				refusals.malformed(field, "must be a string");
			}
			else if (nameProblem != null) {
				refusals.invalid(field, nameProblem);
			}
			else if (!seen.add(name.toLowerCase(Locale.ROOT))) {
				refusals.invalid(field, "is named twice (header names are case-insensitive)");
			}
			else if (HeaderRules.valueProblem(value.stringValue()) != null) {
				refusals.invalid(field, HeaderRules.valueProblem(value.stringValue()));
			}
			else {
				headers.put(name, value.stringValue());
			}
		}
		return headers;
	}

	static @Nullable Integer rateLimit(JsonNode node, Refusals refusals) {
		if (!node.isIntegralNumber()) {
			refusals.malformed("rateLimit", "must be a whole number of requests per second, or null for none");
			return null;
		}
		if (!node.canConvertToInt() || node.intValue() < 1 || node.intValue() > MAX_RATE_LIMIT) {
			refusals.invalid("rateLimit", "must be from 1 to " + MAX_RATE_LIMIT + " requests per second");
			return null;
		}
		return node.intValue();
	}

}
