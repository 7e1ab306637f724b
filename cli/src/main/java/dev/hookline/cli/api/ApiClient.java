package dev.hookline.cli.api;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import dev.hookline.cli.support.CliContext;
import dev.hookline.cli.support.CliException;
import dev.hookline.cli.support.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * A client of Hookline's HTTP API for one key. Answers other than 2xx become a
 * {@link CliException} with the server's problem detail: 400/413/415 a usage error, 404
 * not found, 502/503/504 and a refused connection unreachable, anything else a failure.
 */
public final class ApiClient {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private final URI base;

	private final String key;

	private final String keyName;

	private final HttpClient http;

	/**
	 * @param base the API's base URL, without a trailing slash
	 * @param key the bearer key
	 * @param keyName how to name the key in errors, e.g. {@code admin key (--admin-key)}
	 */
	public ApiClient(URI base, String key, String keyName) {
		this.base = base;
		this.key = key;
		this.keyName = keyName;
		this.http = HttpClient.newBuilder()
			.connectTimeout(CONNECT_TIMEOUT)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/** A client with the admin key, for the admin API. */
	public static ApiClient admin(CliContext context) {
		return new ApiClient(context.api(), context.adminKey(), "admin key (--admin-key, HOOKLINE_ADMIN_KEY)");
	}

	/** A client with the operator key, for tenants and their keys. */
	public static ApiClient operator(CliContext context) {
		return new ApiClient(context.api(), context.operatorKey(),
				"operator key (--operator-key, HOOKLINE_OPERATOR_KEY)");
	}

	/** A client with the producer key, for publishing events. */
	public static ApiClient producer(CliContext context) {
		return new ApiClient(context.api(), context.producerKey(),
				"producer key (--producer-key, HOOKLINE_PRODUCER_KEY)");
	}

	/** A path segment with everything but unreserved characters escaped. */
	public static String segment(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/**
	 * Query parameters to add to a query string: {@code &name=value} for each pair whose
	 * value is neither null nor empty, the value URL-encoded.
	 */
	public static String parameters(@Nullable String... namesAndValues) {
		StringBuilder query = new StringBuilder();
		for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
			String value = namesAndValues[i + 1];
			if (value != null && !value.isEmpty()) {
				query.append('&').append(namesAndValues[i]).append('=').append(segment(value));
			}
		}
		return query.toString();
	}

	public @Nullable JsonNode get(String pathAndQuery) throws InterruptedException {
		return send(request(pathAndQuery).GET());
	}

	/**
	 * The items of a paged list ({@code {"data":[…],"next":…}}), from the page after
	 * {@code after}, following {@code next} while {@code allPages}.
	 * @param query {@code ?limit=…} and the list's filters, without {@code after}
	 */
	public Listing list(String path, String query, @Nullable String after, boolean allPages)
			throws InterruptedException {
		ArrayNode data = Json.array();
		String next = after;
		do {
			String page = path + query + ((next != null) ? "&after=" + segment(next) : "");
			JsonNode answer = Objects.requireNonNull(get(page), "an empty answer");
			answer.path("data").forEach(data::add);
			JsonNode nextNode = answer.path("next");
			next = nextNode.isString() ? nextNode.stringValue() : null;
		}
		while (allPages && next != null);
		return new Listing(data, next);
	}

	/**
	 * Items of a list, and the cursor of the page after them, or null when there is none.
	 */
	public record Listing(ArrayNode data, @Nullable String next) {
	}

	public @Nullable JsonNode post(String path, @Nullable JsonNode body, Map<String, String> headers)
			throws InterruptedException {
		HttpRequest.Builder request = request(path).POST((body != null)
				? HttpRequest.BodyPublishers.ofString(Json.compact(body)) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		headers.forEach(request::header);
		return send(request);
	}

	public @Nullable JsonNode put(String path, JsonNode body) throws InterruptedException {
		return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(Json.compact(body)))
			.header("Content-Type", "application/json"));
	}

	/**
	 * A JSON merge patch (RFC 7396), made only if the resource is still at
	 * {@code ifMatch} when that is given.
	 */
	public @Nullable JsonNode patch(String path, JsonNode patch, @Nullable String ifMatch) throws InterruptedException {
		HttpRequest.Builder request = request(path)
			.method("PATCH", HttpRequest.BodyPublishers.ofString(Json.compact(patch)))
			.header("Content-Type", "application/merge-patch+json");
		if (ifMatch != null) {
			request.header("If-Match", ifMatch);
		}
		return send(request);
	}

	public @Nullable JsonNode delete(String path) throws InterruptedException {
		return send(request(path).DELETE());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(REQUEST_TIMEOUT)
			.header("Authorization", "Bearer " + this.key)
			.header("Accept", "application/json, application/problem+json")
			.header("User-Agent", "hookline-cli");
	}

	private @Nullable JsonNode send(HttpRequest.Builder builder) throws InterruptedException {
		HttpRequest request = builder.build();
		HttpResponse<String> response;
		try {
			response = this.http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (HttpTimeoutException ex) {
			throw CliException.unreachable("the Hookline API at " + this.base + " did not answer " + request.method()
					+ " " + request.uri().getPath() + " in time", ex);
		}
		catch (ConnectException ex) {
			throw CliException.unreachable("cannot reach the Hookline API at " + this.base, ex);
		}
		catch (IOException ex) {
			throw CliException.unreachable("the Hookline API at " + this.base + " failed: " + ex, ex);
		}
		String body = response.body();
		if (response.statusCode() / 100 == 2) {
			return (body == null || body.isBlank()) ? null : Json.parse(body, "the API's answer");
		}
		throw problem(response.statusCode(), body, request);
	}

	private CliException problem(int status, @Nullable String body, HttpRequest request) {
		JsonNode problem = (body != null) ? Json.tryParse(body) : null;
		String detail = text(problem, "detail");
		String title = text(problem, "title");
		String what = (detail != null) ? detail
				: (title != null) ? title : request.method() + " " + request.uri().getPath() + " failed";
		String message = what + " (HTTP " + status + ")";
		return switch (status) {
			case 400, 413, 415, 422 -> CliException.usage(message);
			case 401 -> CliException.failed("the API refused the " + this.keyName + " (HTTP 401)", null);
			case 403 -> CliException.failed("the " + this.keyName + " may not do this (HTTP 403)", null);
			case 404 -> CliException.notFound(message);
			case 502, 503, 504 -> CliException.unreachable(message, null);
			default -> CliException.failed(message, null);
		};
	}

	private static @Nullable String text(@Nullable JsonNode node, String field) {
		if (node == null || !node.isObject()) {
			return null;
		}
		JsonNode value = node.get(field);
		return (value != null && value.isString() && !value.stringValue().isBlank()) ? value.stringValue() : null;
	}

}
