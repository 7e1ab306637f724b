package dev.hookline.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import com.standardwebhooks.Webhook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;

class VerifyingReceiverTest {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private final VerifyingReceiver receiver = VerifyingReceiver.start();

	@AfterEach
	void stop() {
		this.receiver.close();
	}

	@Test
	void aCorrectlySignedRequestIsRecordedAsVerified() throws Exception {
		this.receiver.secrets("/a", SECRET);

		int status = post("/a", "msg_1", "{\"id\":\"e1\"}", sign("msg_1", "{\"id\":\"e1\"}"));

		assertThat(status).isEqualTo(200);
		assertThat(this.receiver.received("/a")).singleElement().satisfies(r -> {
			assertThat(r.verified()).isTrue();
			assertThat(r.webhookId()).isEqualTo("msg_1");
			assertThat(r.body()).isEqualTo("{\"id\":\"e1\"}");
		});
	}

	@Test
	void aTamperedBodyIsRecordedAsUnverified() throws Exception {
		this.receiver.secrets("/a", SECRET);

		post("/a", "msg_1", "{\"id\":\"e2\"}", sign("msg_1", "{\"id\":\"e1\"}"));

		assertThat(this.receiver.received("/a")).singleElement().satisfies(r -> {
			assertThat(r.verified()).isFalse();
			assertThat(r.verificationError()).isNotBlank();
		});
	}

	@Test
	void aPathFailsItsFirstRequestsThenSucceeds() throws Exception {
		this.receiver.secrets("/f", SECRET).behave("/f", Behaviour.ok().failingFirst(2, 500));

		assertThat(post("/f", "m", "{}", sign("m", "{}"))).isEqualTo(500);
		assertThat(post("/f", "m", "{}", sign("m", "{}"))).isEqualTo(500);
		assertThat(post("/f", "m", "{}", sign("m", "{}"))).isEqualTo(200);
	}

	@Test
	void aFlakyPathFailsAtRandomOnlyTheFirstRequestOfEachWebhookId() throws Exception {
		this.receiver.secrets("/flaky", SECRET)
			.behave("/flaky", Behaviour.ok().flaky(Behaviour.Flaky.failing(0.5, 503)));

		int failedFirst = 0;
		for (int i = 0; i < 200; i++) {
			String id = "msg_" + i;
			int first = post("/flaky", id, "{}", sign(id, "{}"));
			assertThat(first).isIn(200, 503);
			failedFirst += (first == 503) ? 1 : 0;
			assertThat(post("/flaky", id, "{}", sign(id, "{}"))).as("second request of %s", id).isEqualTo(200);
		}

		// 100 expected; outside 50..150 happens with a probability below 1e-12
		assertThat(failedFirst).isBetween(50, 150);
	}

	@Test
	void flakyProbabilitiesAddUpToAtMostOne() {
		assertThat(Behaviour.Flaky.failing(1, 500).fail()).isEqualTo(1);
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> new Behaviour.Flaky(0.6, 500, 0.3, 0.2));
	}

	@Test
	void concurrencyCountsRequestsUntilTheyAreAnsweredOrTheirClientGivesUp() throws Exception {
		this.receiver.secrets("/slow", SECRET).behave("/slow", Behaviour.ok().withDelay(Duration.ofMillis(500)));
		this.receiver.behave("/hang", Behaviour.hang());
		String signature = sign("m", "{}");

		java.util.concurrent.CompletableFuture<Integer> first = java.util.concurrent.CompletableFuture
			.supplyAsync(() -> post("/slow", "m1", "{}", signature));
		java.util.concurrent.CompletableFuture<Integer> second = java.util.concurrent.CompletableFuture
			.supplyAsync(() -> post("/slow", "m2", "{}", signature));
		assertThat(first.get()).isEqualTo(200);
		assertThat(second.get()).isEqualTo(200);
		assertThat(this.receiver.maxConcurrency("/slow")).isEqualTo(2);
		assertThat(this.receiver.inFlight("/slow")).isZero();

		org.assertj.core.api.Assertions.assertThatException()
			.isThrownBy(() -> post("/hang", "m3", "{}", signature, Duration.ofMillis(300)));
		org.awaitility.Awaitility.await().until(() -> this.receiver.inFlight("/hang") == 0);
		assertThat(this.receiver.maxConcurrency("/hang")).isOne();
	}

	@Test
	void aHangingRequestStopsCountingOnceItsClientsTimeoutPassed() throws Exception {
		this.receiver.behave("/hang", Behaviour.hang()).clientTimeout(Duration.ofMillis(200));
		java.util.concurrent.CompletableFuture.runAsync(() -> {
			try {
				post("/hang", "m1", "{}", sign("m1", "{}"), Duration.ofSeconds(5));
			}
			catch (Exception ex) {
				// the client gives up at last
			}
		});

		org.awaitility.Awaitility.await().until(() -> this.receiver.maxConcurrency("/hang") == 1);
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(2))
			.until(() -> this.receiver.inFlight("/hang") == 0);
	}

	private String timestamp;

	private String sign(String id, String body) throws Exception {
		this.timestamp = String.valueOf(Instant.now().getEpochSecond());
		return new Webhook(SECRET).sign(id, Long.parseLong(this.timestamp), body);
	}

	private int post(String path, String id, String body, String signature) {
		return post(path, id, body, signature, Duration.ofSeconds(10));
	}

	private int post(String path, String id, String body, String signature, Duration timeout) {
		Integer status = HttpClient.create()
			.headers(h -> h.set("webhook-id", id)
				.set("webhook-timestamp", this.timestamp)
				.set("webhook-signature", signature)
				.set("content-type", "application/json"))
			.post()
			.uri(this.receiver.url(path))
			.send(ByteBufFlux.fromString(Mono.just(body), StandardCharsets.UTF_8,
					io.netty.buffer.ByteBufAllocator.DEFAULT))
			.response((response, content) -> content.then(Mono.just(response.status().code())))
			.blockFirst(timeout);
		return status;
	}

}
