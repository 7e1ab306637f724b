package dev.hookline.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.hookline.schemas.Delivery;
import dev.hookline.sender.secrets.SecretCipher;
import dev.hookline.sender.secrets.SigningSecrets;
import dev.hookline.testsupport.Received;
import dev.hookline.testsupport.VerifyingReceiver;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-subscription rate limits on the real worker and an in-JVM KRaft broker, sending to
 * a receiver that verifies every signature.
 */
@EmbeddedKafka
class RateLimitIntegrationTest {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@TempDir
	static Path temp;

	private static SecretCipher cipher;

	private static VerifyingReceiver receiver;

	private static TopicsClient kafka;

	private static ConfigurableApplicationContext worker;

	private final String id = UUID.randomUUID().toString().substring(0, 8);

	@BeforeAll
	static void startWorker() throws Exception {
		TestWorker setUp = TestWorker.prepare(temp);
		cipher = setUp.cipher();
		receiver = VerifyingReceiver.start();
		worker = setUp.start();
		kafka = new TopicsClient(setUp.brokers());
	}

	@AfterAll
	static void stopWorker() {
		worker.close();
		kafka.close();
		receiver.close();
	}

	@Test
	void aLimitedSubscriptionGetsItsDeliveriesSpreadOutWithoutSlowingAnother() throws Exception {
		String limitedPath = "/limited/" + this.id;
		String unlimitedPath = "/unlimited/" + this.id;
		String limited = subscribe(limitedPath, 5);
		String unlimited = subscribe(unlimitedPath, null);
		// both subscriptions on one partition, their deliveries interleaved
		List<Delivery> deliveries = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			deliveries.add(TopicsClient.delivery(limited, 1, "evt-limited-" + i + "-" + this.id));
			deliveries.add(TopicsClient.delivery(unlimited, 1, "evt-unlimited-" + i + "-" + this.id));
		}
		Instant queued = Instant.now();
		kafka.sendAll(deliveries, 0);

		List<Received> toLimited = await().atMost(PATIENCE)
			.until(() -> receiver.received(limitedPath), (received) -> received.size() >= 20);
		List<Received> toUnlimited = receiver.received(unlimitedPath);
		assertThat(toLimited).hasSize(20).allSatisfy((request) -> assertThat(request.verified()).isTrue());
		assertThat(toUnlimited).hasSize(20).allSatisfy((request) -> assertThat(request.verified()).isTrue());

		Instant firstLimited = toLimited.get(0).at();
		Instant lastLimited = toLimited.get(19).at();
		// at 5 per second the 20th request leaves at least 3.8 s after the first
		assertThat(Duration.between(firstLimited, lastLimited)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		assertThat(Duration.between(queued, lastLimited)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
		// the other subscription's deliveries did not wait behind the limited ones
		assertThat(toUnlimited).allSatisfy((request) -> assertThat(request.at()).isBefore(lastLimited));
	}

	/** Writes an active subscription to a receiver path. */
	private String subscribe(String path, @Nullable Integer rateLimit) throws Exception {
		String secret = SigningSecrets.generate();
		String subscriptionId = "sub-" + path.replace('/', '-').substring(1);
		receiver.secrets(path, secret);
		kafka.write(TopicsClient.subscription(subscriptionId, receiver.url(path), secret, cipher)
			.setRateLimit(rateLimit)
			.build());
		return subscriptionId;
	}

}
