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

	private String timestamp;

	private String sign(String id, String body) throws Exception {
		this.timestamp = String.valueOf(Instant.now().getEpochSecond());
		return new Webhook(SECRET).sign(id, Long.parseLong(this.timestamp), body);
	}

	private int post(String path, String id, String body, String signature) {
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
			.blockFirst(Duration.ofSeconds(10));
		return status;
	}

}
