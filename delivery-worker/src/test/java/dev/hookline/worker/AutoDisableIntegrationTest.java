package dev.hookline.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.hookline.schemas.Attempt;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.Subscription;
import dev.hookline.testsupport.Behaviour;
import dev.hookline.testsupport.Received;
import dev.hookline.testsupport.VerifyingReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Auto-disable on the real worker and an in-JVM KRaft broker, with the period scaled down
 * to seconds: it follows the requests the endpoint actually got, whichever worker saw
 * them, and never the age of a delivery.
 */
@EmbeddedKafka
class AutoDisableIntegrationTest {

	private static final Duration PERIOD = Duration.ofSeconds(6);

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final String[] SETTINGS = { "hookline.worker.auto-disable-after=" + PERIOD.toSeconds() + "s",
			"hookline.worker.retry.delays=2s,2s,2s,2s,2s", "hookline.worker.retry.jitter=0" };

	@TempDir
	static Path temp;

	private static TestWorker setUp;

	private static VerifyingReceiver receiver;

	private static TopicsClient kafka;

	private final String id = UUID.randomUUID().toString().substring(0, 8);

	@BeforeAll
	static void prepare() throws Exception {
		setUp = TestWorker.prepare(temp);
		receiver = VerifyingReceiver.start();
		kafka = new TopicsClient(setUp.brokers());
	}

	@AfterAll
	static void stop() {
		kafka.close();
		receiver.close();
	}

	@Test
	void theFailingPeriodAWorkerSawStartCountsForTheWorkerThatTakesOver() throws Exception {
		String path = "/down/" + this.id;
		String subscriptionId = subscribe(path, Behaviour.status(500));
		ConfigurableApplicationContext first = setUp.start(SETTINGS);
		Instant firstFailure;
		try {
			Delivery delivery = kafka.send(TopicsClient.delivery(subscriptionId, 1, "evt-" + this.id));
			await().atMost(PATIENCE).until(() -> receiver.received(path).size() >= 2);
			firstFailure = receiver.received(path).get(0).at();
		}
		finally {
			first.close();
		}
		ConfigurableApplicationContext second = setUp.start(SETTINGS);
		try {
			Instant takenOver = Instant.now();
			Subscription disabled = await().atMost(PATIENCE)
				.until(() -> kafka.subscription(subscriptionId), (subscription) -> !subscription.getActive());

			Instant since = Instant.parse(disabled.getDisabledReason().split(" ")[4].replace(",", ""));
			assertThat(since).as("the first failure, seen by the first worker")
				.isBetween(firstFailure.minusSeconds(1), firstFailure.plusSeconds(1))
				.isBefore(takenOver);
			assertThat(disabled.getUpdatedAt()).isBefore(takenOver.plus(PERIOD));
		}
		finally {
			second.close();
		}
	}

	@Test
	void aReplayedDeliveryFirstAttemptedLongAgoThatFailsOnceLeavesItsHealthyEndpointEnabled() throws Exception {
		String path = "/healthy/" + this.id;
		String subscriptionId = subscribe(path, Behaviour.ok().failingFirst(1, 503));
		ConfigurableApplicationContext worker = setUp.start(SETTINGS);
		kafka.readAttemptsFromTheStart();
		try {
			// as a DLQ replay writes it: attempt 1 again, first attempted ten days ago
			Delivery replayed = Delivery.newBuilder(TopicsClient.delivery(subscriptionId, 1, "evt-" + this.id))
				.setFirstAttemptAt(Instant.now().minus(Duration.ofDays(10)))
				.build();
			kafka.send(replayed);

			List<Attempt> attempts = await().atMost(PATIENCE).pollDelay(Duration.ZERO).until(() -> {
				kafka.readNewAttempts();
				return kafka.attemptsOf(replayed.getDeliveryId());
			}, (found) -> found.size() >= 2);
			assertThat(attempts).extracting(Attempt::getNextAction)
				.containsExactly("hookline.deliveries.retry.1m", "done");
			assertThat(kafka.subscription(subscriptionId).getActive()).isTrue();
			assertThat(receiver.received(path)).extracting(Received::status).containsExactly(503, 200);
		}
		finally {
			worker.close();
		}
	}

	private String subscribe(String path, Behaviour behaviour) throws Exception {
		return kafka.subscribe(receiver, setUp.cipher(), path, behaviour);
	}

}
