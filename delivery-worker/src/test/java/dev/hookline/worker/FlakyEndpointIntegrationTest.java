package dev.hookline.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.hookline.schemas.Attempt;
import dev.hookline.schemas.Delivery;
import dev.hookline.sender.secrets.SecretCipher;
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
 * Endpoints that fail a quarter of first requests at random and take every retry, on the
 * real worker and an in-JVM KRaft broker, with the retry schedule and the circuit
 * breaker's waits scaled down to seconds in the same ratio as the defaults: nothing may
 * reach the dead-letter topic, and no delivery may spend an attempt without a request.
 * Before the breaker judged failures over a window of time with a minimum of calls, a
 * window of the last 20 requests opened on chance alone at these rates, a single failure
 * during the slow start opened it again, and every delivery refused meanwhile spent an
 * attempt: thousands of deliveries to mostly healthy endpoints were dead-lettered.
 */
@EmbeddedKafka
class FlakyEndpointIntegrationTest {

	private static final int SUBSCRIPTIONS = 4;

	private static final int DELIVERIES_EACH = 500;

	private static final Duration PATIENCE = Duration.ofSeconds(120);

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
		// 1 m becomes 1 s: the 30 s window and open wait become 1 s (the least a window
		// can be)
		worker = setUp.start("hookline.worker.retry.delays=1s,1s,2s,2s,3s",
				"hookline.worker.endpoint.circuit-breaker.window=1s",
				"hookline.worker.endpoint.circuit-breaker.wait-in-open=1s");
		kafka = new TopicsClient(setUp.brokers());
		kafka.readAttemptsFromTheStart();
	}

	@AfterAll
	static void stopWorker() {
		worker.close();
		kafka.close();
		receiver.close();
	}

	@Test
	void endpointsFailingAQuarterOfFirstRequestsAtRandomGetEveryDeliveryAndNoneIsDeadLettered() throws Exception {
		List<String> paths = new ArrayList<>();
		List<Delivery> deliveries = new ArrayList<>();
		for (int s = 0; s < SUBSCRIPTIONS; s++) {
			String path = "/flaky-" + s + "/" + this.id;
			String subscriptionId = subscribe(path, Behaviour.ok().flaky(Behaviour.Flaky.failing(0.25, 500)));
			paths.add(path);
			for (int i = 0; i < DELIVERIES_EACH; i++) {
				deliveries.add(TopicsClient.delivery(subscriptionId, 1, "evt-" + s + "-" + i + "-" + this.id));
			}
		}
		kafka.sendAll(deliveries.subList(0, deliveries.size() / 2), 0);
		kafka.sendAll(deliveries.subList(deliveries.size() / 2, deliveries.size()), 1);

		// every delivery ends, delivered or not
		await().atMost(PATIENCE).pollDelay(Duration.ZERO).until(() -> {
			kafka.readNewAttempts();
			return deliveries.stream().filter((delivery) -> last(delivery) != null).count();
		}, (ended) -> ended == deliveries.size());
		Map<String, Attempt> ended = deliveries.stream()
			.map(FlakyEndpointIntegrationTest::last)
			.collect(Collectors.toMap(Attempt::getDeliveryId, Function.identity()));
		assertThat(ended.values()).as("deliveries that ended other than delivered")
			.filteredOn((attempt) -> !attempt.getNextAction().equals("done"))
			.extracting(Attempt::getNextAction)
			.isEmpty();

		Map<String, Long> requests = paths.stream()
			.flatMap((path) -> receiver.received(path).stream())
			.peek((request) -> assertThat(request.verified()).as(request.verificationError()).isTrue())
			.collect(Collectors.groupingBy(Received::webhookId, Collectors.counting()));
		long failedFirst = requests.values().stream().filter((count) -> count > 1).count();
		assertThat(failedFirst).as("deliveries whose first request failed")
			.isBetween(deliveries.size() / 8L, deliveries.size() * 3 / 8L);
		for (Delivery delivery : deliveries) {
			// every attempt number spent is a request the endpoint got
			assertThat(ended.get(delivery.getDeliveryId()).getAttempt()).as("attempt that delivered %s", delivery)
				.isEqualTo(requests.get(delivery.getDeliveryId()).intValue())
				.isLessThanOrEqualTo(2);
		}
		Map<String, Delivery> dead = kafka.deadLetters();
		assertThat(deliveries).noneMatch((delivery) -> dead.containsKey(delivery.getDeliveryId()));
	}

	/** The attempt a delivery ended with, if it ended. */
	private static Attempt last(Delivery delivery) {
		return kafka.attemptsOf(delivery.getDeliveryId())
			.stream()
			.filter((attempt) -> !attempt.getNextAction().startsWith("hookline.deliveries.retry."))
			.findFirst()
			.orElse(null);
	}

	private String subscribe(String path, Behaviour behaviour) throws Exception {
		return kafka.subscribe(receiver, cipher, path, behaviour);
	}

}
