package dev.hookline.cli.subscriptions;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.hookline.cli.support.CliContext;
import dev.hookline.cli.support.CliException;
import dev.hookline.cli.support.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Sends {@code PATCH /v1/subscriptions/{id}} as {@code application/merge-patch+json},
 * with the admin key and an optional {@code If-Match}. Answers other than 2xx become a
 * {@link CliException} the way {@link dev.hookline.cli.api.ApiClient} makes them (its
 * methods have no PATCH), 412 (a stale {@code If-Match}) a failure.
 */
final class MergePatch {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private MergePatch() {
	}

	static JsonNode send(CliContext context, String path, JsonNode patch, @Nullable String ifMatch)
			throws InterruptedException {
		URI base = context.api();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
			.timeout(REQUEST_TIMEOUT)
			.header("Authorization", "Bearer " + context.adminKey())
			.header("Accept", "application/json, application/problem+json")
			.header("User-Agent", "hookline-cli")
			.header("Content-Type", "application/merge-patch+json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString(Json.compact(patch)));
		if (ifMatch != null) {
			request.header("If-Match", ifMatch);
		}
		HttpResponse<String> response;
		try {
			response = HttpClient.newBuilder()
				.connectTimeout(CONNECT_TIMEOUT)
				.followRedirects(HttpClient.Redirect.NEVER)
				.build()
				.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (HttpTimeoutException ex) {
			throw CliException.unreachable("the Hookline API at " + base + " did not answer PATCH " + path + " in time",
					ex);
		}
		catch (ConnectException ex) {
			throw CliException.unreachable("cannot reach the Hookline API at " + base, ex);
		}
		catch (IOException ex) {
			throw CliException.unreachable("the Hookline API at " + base + " failed: " + ex, ex);
		}
		if (response.statusCode() / 100 == 2) {
			return Json.parse(response.body(), "the API's answer");
		}
		throw problem(response.statusCode(), response.body(), path);
	}

	private static CliException problem(int status, @Nullable String body, String path) {
		JsonNode problem = (body != null) ? Json.tryParse(body) : null;
		JsonNode detail = (problem != null) ? problem.path("detail") : null;
		String message = ((detail != null && detail.isString()) ? detail.stringValue() : "PATCH " + path + " failed")
				+ " (HTTP " + status + ")";
		return switch (status) {
			case 400, 413, 415, 422 -> CliException.usage(message);
			case 401 ->
				CliException.failed("the API refused the admin key (--admin-key, HOOKLINE_ADMIN_KEY) (HTTP 401)", null);
			case 403 -> CliException.failed("the admin key may not do this (HTTP 403)", null);
			case 404 -> CliException.notFound(message);
			case 502, 503, 504 -> CliException.unreachable(message, null);
			default -> CliException.failed(message, null);
		};
	}

}
