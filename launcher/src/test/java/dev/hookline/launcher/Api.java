package dev.hookline.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test's client of the HTTP API: creates subscriptions and publishes events over real
 * HTTP.
 */
final class Api {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * How long a call waits for its answer. The tests check answers, not speed: on a
	 * loaded two-core CI machine the first write of a subscription has taken over 30 s.
	 */
	private static final Duration PATIENCE = Duration.ofMinutes(2);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	Api(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	/**
	 * Creates a subscription and returns the API's answer, which holds its id and secret.
	 */
	JsonNode subscribe(ApiKey admin, String url, String... eventTypes) throws Exception {
		String body = JSON.writeValueAsString(java.util.Map.of("url", url, "eventTypes", List.of(eventTypes)));
		HttpResponse<String> response = this.http.send(post("/v1/subscriptions", admin, body),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return JSON.readTree(response.body());
	}

	/**
	 * Publishes events one request each, at most {@code concurrency} at a time, and fails
	 * on any answer but 202.
	 */
	void publish(List<PublishedEvent> events, int concurrency) throws Exception {
		Semaphore permits = new Semaphore(concurrency);
		List<CompletableFuture<?>> pending = new ArrayList<>();
		for (PublishedEvent event : events) {
			permits.acquire();
			pending.add(this.http
				.sendAsync(post("/v1/events", event.producer(), event.json()), HttpResponse.BodyHandlers.ofString())
				.whenComplete((response, error) -> permits.release())
				.thenAccept(response -> assertThat(response.statusCode()).as(response.body()).isEqualTo(202)));
		}
		CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
	}

	/**
	 * Any call of the API with a JSON body (or none), answered with its status and JSON
	 * body; does not check the status.
	 */
	Answer call(String method, String path, ApiKey key, @Nullable String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(PATIENCE)
			.header("Authorization", "Bearer " + key.key())
			.header("Content-Type", "application/json")
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody())
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		JsonNode json = response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
		return new Answer(response.statusCode(), json);
	}

	/** A call's answer, for {@link #call}. */
	record Answer(int status, JsonNode body) {

		/** The body, after checking the status. */
		JsonNode expect(int expected) {
			assertThat(this.status).as(this.body.toString()).isEqualTo(expected);
			return this.body;
		}

	}

	HttpRequest post(String path, ApiKey key, String body) {
		return HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(PATIENCE)
			.header("Authorization", "Bearer " + key.key())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	/** One event as a producer sends it. */
	record PublishedEvent(ApiKey producer, String id, String type, int n) {

		String json() {
			return JSON.writeValueAsString(java.util.Map.of("id", this.id, "type", this.type, "data",
					java.util.Map.of("n", this.n, "text", "héllo \"quoted\" \\ ünïcode")));
		}

	}

}
