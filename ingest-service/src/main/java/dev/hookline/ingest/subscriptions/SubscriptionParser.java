package dev.hookline.ingest.subscriptions;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.hookline.ingest.HooklineProperties;
import dev.hookline.schemas.EventTypePatterns;
import dev.hookline.ingest.http.ApiException;
import dev.hookline.ingest.http.FieldErrors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Turns the body of {@code POST /v1/subscriptions} into a {@link NewSubscription}, or
 * refuses it.
 *
 * <p>
 * The body is {@code {"url", "eventTypes", "description"?}}. The URL must be absolute,
 * without credentials, at most {@value #MAX_URL_LENGTH} characters, and {@code https}
 * ({@code http} too in local mode); whether its host is a private address is checked by
 * the worker when it connects. {@code eventTypes} is a non-empty list of at most
 * {@value #MAX_PATTERNS} patterns ({@link EventTypePatterns}). Fails with a 400
 * {@link ApiException} naming every offending field.
 */
@Component
final class SubscriptionParser {

	static final List<String> FIELDS = List.of("url", "eventTypes", "description");

	static final int MAX_URL_LENGTH = 2048;

	static final int MAX_PATTERNS = 100;

	static final int MAX_DESCRIPTION_LENGTH = 1024;

	private final boolean localMode;

	SubscriptionParser(HooklineProperties properties) {
		this.localMode = properties.localMode();
	}

	NewSubscription parse(JsonNode body) {
		if (!body.isObject()) {
			throw ApiException.of(HttpStatus.BAD_REQUEST, "invalid-subscription", "Invalid subscription",
					"The body must be a JSON object.");
		}
		FieldErrors errors = new FieldErrors();
		for (String field : body.propertyNames()) {
			if (!FIELDS.contains(field)) {
				errors.add(field, null, "is not a known field; a subscription has " + String.join(", ", FIELDS));
			}
		}
		String url = url(body.get("url"), errors);
		List<String> eventTypes = eventTypes(body.get("eventTypes"), errors);
		String description = description(body.get("description"), errors);
		errors.throwIfAny("invalid-subscription", "Invalid subscription");
		return new NewSubscription(url, eventTypes, description);
	}

	private @Nullable String url(@Nullable JsonNode node, FieldErrors errors) {
		if (node == null || !node.isString()) {
			errors.add("url", null, "is required: the absolute https URL to deliver to");
			return null;
		}
		String url = node.stringValue();
		String problem = urlProblem(url);
		if (problem != null) {
			errors.add("url", null, problem);
			return null;
		}
		return url;
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

	private static List<String> eventTypes(@Nullable JsonNode node, FieldErrors errors) {
		if (node == null || !node.isArray() || node.isEmpty()) {
			errors.add("eventTypes", null, "is required: a non-empty array of event types or patterns");
			return List.of();
		}
		if (node.size() > MAX_PATTERNS) {
			errors.add("eventTypes", null, "holds at most " + MAX_PATTERNS + " patterns");
			return List.of();
		}
		Set<String> patterns = new LinkedHashSet<>();
		for (JsonNode item : node) {
			if (!item.isString() || !EventTypePatterns.isValidPattern(item.stringValue())) {
				errors.add("eventTypes", null, "holds " + abbreviated(item.toString())
						+ ", which is not an event type (post.created), a prefix pattern (post.*) or *");
			}
			else {
				patterns.add(item.stringValue());
			}
		}
		return List.copyOf(patterns);
	}

	private static String abbreviated(String text) {
		return (text.length() <= 64) ? text : text.substring(0, 61) + "...";
	}

	private static @Nullable String description(@Nullable JsonNode node, FieldErrors errors) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isString() || node.stringValue().length() > MAX_DESCRIPTION_LENGTH) {
			errors.add("description", null, "must be a string of at most " + MAX_DESCRIPTION_LENGTH + " characters");
			return null;
		}
		return node.stringValue();
	}

}
