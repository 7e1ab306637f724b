package dev.hookline.bench.receiver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import com.standardwebhooks.Webhook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The receiver in its own JVM, driven over HTTP the way the benchmark drives it.
 */
class ReceiverProcessTest {

	private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);

	private static final String CONFIG = """
			{"paths":{
			  "/ok/":{},
			  "/fixed/":{"latency":{"type":"fixed","ms":300}},
			  "/fail/":{"statusRate":{"500":1.0}},
			  "/transient/":{"transientFailureRate":1.0},
			  "/hang/":{"hangRate":1.0},
			  "/reset/":{"resetRate":1.0},
			  "/signed/":{"verifySecret":"%s"}}}""".formatted(SECRET);

	private static ReceiverProcess receiver;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() {
		receiver = ReceiverProcess.start();
		receiver.configure(CONFIG);
	}

	@AfterAll
	static void stop() {
		receiver.close();
	}

	@BeforeEach
	void clearCounts() {
		receiver.reset();
	}

	@Test
	void aFixedLatencyPathAnswersNoSoonerThanItsLatency() throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> response = post("/fixed/s1", "msg_" + UUID.randomUUID(), event(-1));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
	}

	@Test
	void aStatusRateOfOneAlwaysAnswersThatStatus() throws Exception {
		for (int i = 0; i < 5; i++) {
			assertThat(post("/fail/s" + i, "msg_" + UUID.randomUUID(), event(-1)).statusCode()).isEqualTo(500);
		}
		JsonNode fail = receiver.stats().path("paths").path("/fail/");
		assertThat(fail.path("requests").asLong()).isEqualTo(5);
		assertThat(fail.path("statuses").path("500").asLong()).isEqualTo(5);
		assertThat(fail.path("delivered").asLong()).isZero();
	}

	@Test
	void aTransientPathFailsTheFirstAttemptThenSucceedsForTheSameWebhookId() throws Exception {
		String id = "msg_" + UUID.randomUUID();
		assertThat(post("/transient/s1", id, event(-1)).statusCode()).isEqualTo(503);
		assertThat(post("/transient/s1", id, event(-1)).statusCode()).isEqualTo(200);
		assertThat(post("/transient/s1", "msg_" + UUID.randomUUID(), event(-1)).statusCode()).isEqualTo(503);
		JsonNode stats = receiver.stats();
		assertThat(stats.path("distinctWebhookIds").asLong()).isEqualTo(2);
		assertThat(stats.path("delivered").asLong()).isEqualTo(1);
		assertThat(stats.path("duplicates").asLong()).as("a retry after a failure is no duplicate").isZero();
	}

	@Test
	void aRepeatedSuccessfulWebhookIdCountsOneDuplicate() throws Exception {
		String id = "msg_" + UUID.randomUUID();
		post("/ok/s1", id, event(-1));
		post("/ok/s1", id, event(-1));
		post("/ok/s2", "msg_" + UUID.randomUUID(), event(-1));
		JsonNode ok = receiver.stats().path("paths").path("/ok/");
		assertThat(ok.path("requests").asLong()).isEqualTo(3);
		assertThat(ok.path("distinctWebhookIds").asLong()).isEqualTo(2);
		assertThat(ok.path("delivered").asLong()).isEqualTo(2);
		assertThat(ok.path("duplicates").asLong()).isEqualTo(1);
	}

	@Test
	void theEndToEndLatencyIsMeasuredFromT0() throws Exception {
		Instant intended = Instant.now().minusSeconds(2);
		long t0 = intended.getEpochSecond() * 1_000_000 + intended.getNano() / 1000;
		post("/ok/s1", "msg_" + UUID.randomUUID(), event(t0));
		JsonNode latency = receiver.stats().path("paths").path("/ok/").path("latencyMs");
		assertThat(latency.path("count").asLong()).isEqualTo(1);
		assertThat(latency.path("p50").asDouble()).isBetween(2000.0, 60_000.0);
		assertThat(receiver.stats().path("latencyMs").path("p99").asDouble()).isGreaterThanOrEqualTo(2000.0);
	}

	@Test
	void aResetClearsTheCounts() throws Exception {
		post("/ok/s1", "msg_" + UUID.randomUUID(), event(1));
		assertThat(receiver.stats().path("requests").asLong()).isEqualTo(1);
		receiver.reset();
		JsonNode stats = receiver.stats();
		assertThat(stats.path("requests").asLong()).isZero();
		assertThat(stats.path("latencyMs").path("count").asLong()).isZero();
		assertThat(stats.path("paths").size()).isZero();
	}

	@Test
	void aHangingPathNeverAnswers() {
		HttpClient own = HttpClient.newHttpClient();
		HttpRequest request = request("/hang/s1", "msg_" + UUID.randomUUID(), event(-1)).timeout(Duration.ofMillis(300))
			.build();
		assertThatExceptionOfType(HttpTimeoutException.class)
			.isThrownBy(() -> own.send(request, HttpResponse.BodyHandlers.ofString()));
		await().untilAsserted(() -> assertThat(receiver.stats().path("hangs").asLong()).isEqualTo(1));
	}

	@Test
	void aResettingPathClosesTheConnectionWithoutAnAnswer() {
		HttpClient own = HttpClient.newHttpClient();
		HttpRequest request = request("/reset/s1", "msg_" + UUID.randomUUID(), event(-1)).build();
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> own.send(request, HttpResponse.BodyHandlers.ofString()));
		assertThat(receiver.stats().path("resets").asLong()).isEqualTo(1);
	}

	@Test
	void aPathWithASecretAcceptsOnlySignedRequests() throws Exception {
		String id = "msg_" + UUID.randomUUID();
		String body = event(-1);
		long now = Instant.now().getEpochSecond();
		String signature = new Webhook(SECRET).sign(id, now, body);
		HttpRequest signed = request("/signed/s1", id, body).header("webhook-timestamp", Long.toString(now))
			.header("webhook-signature", signature)
			.build();
		assertThat(this.http.send(signed, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
		assertThat(post("/signed/s1", "msg_" + UUID.randomUUID(), body).statusCode()).isEqualTo(401);
		assertThat(receiver.stats().path("signatureFailures").asLong()).isEqualTo(1);
	}

	@Test
	void anInvalidConfigurationIsRefusedAndThePreviousOneStays() throws Exception {
		assertThatIllegalStateException()
			.isThrownBy(() -> receiver.configure("{\"paths\":{\"/fail/\":{\"statusRate\":{\"500\":2}}}}"))
			.withMessageContaining("400")
			.withMessageContaining("between 0 and 1");
		assertThat(post("/fail/s1", "msg_" + UUID.randomUUID(), event(-1)).statusCode()).isEqualTo(500);
	}

	@Test
	void theStatsReportTheReceiversHeadroom() {
		await().untilAsserted(() -> {
			JsonNode headroom = receiver.stats().path("headroom");
			assertThat(headroom.path("loopLagSamples").asLong()).isPositive();
			assertThat(headroom.path("eventLoops").asInt()).isGreaterThanOrEqualTo(4);
			assertThat(headroom.path("verdict").asString()).isIn("ok", "saturated");
			assertThat(headroom.path("busiestLoop").asDouble()).isBetween(0.0, 1.0);
			assertThat(headroom.path("cpuSinceReset").asDouble()).isBetween(0.0, 1.0);
		});
	}

	private HttpResponse<String> post(String path, String id, String body) throws Exception {
		return this.http.send(request(path, id, body).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest.Builder request(String path, String id, String body) {
		return HttpRequest.newBuilder(URI.create(receiver.url(path)))
			.header("content-type", "application/json")
			.header("webhook-id", id)
			.POST(HttpRequest.BodyPublishers.ofString(body));
	}

	/** A benchmark event; without {@code t0} when it is negative. */
	private static String event(long t0) {
		String time = (t0 >= 0) ? "\"t0\":" + t0 + "," : "";
		return "{\"id\":\"e\",\"type\":\"bench.event\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":{" + time
				+ "\"seq\":1,\"pad\":\"" + "x".repeat(900) + "\"}}";
	}

}
