package dev.hookline.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
 * A rate-limited subscription with a backlog far larger than the worker's in-flight
 * limit, on the real worker and an in-JVM KRaft broker: the backlog stays in Kafka
 * instead of taking every in-flight permit, so endpoints on other partitions are not held
 * up.
 */
@EmbeddedKafka(partitions = 2, brokerProperties = { "transaction.state.log.replication.factor=1",
		"transaction.state.log.min.isr=1", "group.initial.rebalance.delay.ms=0" })
class RateLimitIsolationIntegrationTest {

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	private static final String GROUP = "hookline-worker";

	private static final int LIMITED = 60;

	private static final int UNLIMITED = 40;

	@TempDir
	static Path temp;

	private static SecretCipher cipher;

	private static VerifyingReceiver receiver;

	private static TopicsClient kafka;

	private static ConfigurableApplicationContext worker;

	@BeforeAll
	static void startWorker() throws Exception {
		TestWorker setUp = TestWorker.prepare(temp);
		cipher = setUp.cipher();
		receiver = VerifyingReceiver.start();
		worker = setUp.start("hookline.worker.max-in-flight=20", "hookline.worker.rate-limit.max-waiting=5");
		kafka = new TopicsClient(setUp.brokers());
	}

	@AfterAll
	static void stopWorker() {
		worker.close();
		kafka.close();
		receiver.close();
	}

	@Test
	void aLimitedSubscriptionsBacklogDoesNotHoldUpEndpointsOnOtherPartitions() throws Exception {
		String limited = subscribe("/limited", 2);
		String unlimited = subscribe("/unlimited", null);
		List<Delivery> backlog = new ArrayList<>();
		for (int i = 0; i < LIMITED; i++) {
			backlog.add(TopicsClient.delivery(limited, 1, "evt-limited-" + i));
		}
		List<Delivery> others = new ArrayList<>();
		for (int i = 0; i < UNLIMITED; i++) {
			others.add(TopicsClient.delivery(unlimited, 1, "evt-unlimited-" + i));
		}
		// three times the in-flight limit queued for the limited subscription first
		kafka.sendAll(backlog, 0);
		kafka.sendAll(others, 1);

		List<Received> toUnlimited = await().atMost(PATIENCE)
			.until(() -> receiver.received("/unlimited"), (received) -> received.size() >= UNLIMITED);
		List<Received> toLimited = await().atMost(PATIENCE)
			.until(() -> receiver.received("/limited"), (received) -> received.size() >= LIMITED);
		// at 2 per second the 30th limited request leaves at least 14.5 s after the first
		Instant halfOfTheBacklogSent = toLimited.get(LIMITED / 2 - 1).at();
		assertThat(toUnlimited).hasSize(UNLIMITED)
			.allSatisfy((request) -> assertThat(request.at()).isBefore(halfOfTheBacklogSent));

		// once everything is committed, nothing can be sent again
		await().atMost(PATIENCE).until(() -> kafka.committed(GROUP, 0) == LIMITED);
		assertThat(receiver.received("/limited")).hasSize(LIMITED)
			.allSatisfy((request) -> assertThat(request.verified()).isTrue())
			.extracting(Received::webhookId)
			.doesNotHaveDuplicates();
		assertThat(kafka.committed(GROUP, 1)).isEqualTo(UNLIMITED);
	}

	/** Writes an active subscription to a receiver path. */
	private String subscribe(String path, @Nullable Integer rateLimit) throws Exception {
		String secret = SigningSecrets.generate();
		String subscriptionId = "sub-" + path.substring(1);
		receiver.secrets(path, secret);
		kafka.write(TopicsClient.subscription(subscriptionId, receiver.url(path), secret, cipher)
			.setRateLimit(rateLimit)
			.build());
		return subscriptionId;
	}

}
