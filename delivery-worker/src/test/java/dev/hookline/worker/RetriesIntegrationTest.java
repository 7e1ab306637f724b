package dev.hookline.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.hookline.schemas.Attempt;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.Event;
import dev.hookline.schemas.OperationalEvents;
import dev.hookline.schemas.RetryTier;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.Topics;
import dev.hookline.sender.secrets.SecretCipher;
import dev.hookline.sender.secrets.SigningSecrets;
import dev.hookline.testsupport.Behaviour;
import dev.hookline.testsupport.Received;
import dev.hookline.testsupport.VerifyingReceiver;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The retry schedule, scaled down to seconds, on the real worker and an in-JVM KRaft
 * broker, sending to a receiver that verifies every signature; and the operational events
 * that announce a delivery's end in the dead-letter topic or a disabled subscription.
 */
@EmbeddedKafka
class RetriesIntegrationTest {

	private static final List<Duration> DELAYS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(1),
			Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(3));

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path temp;

	private static TestWorker setUp;

	private static SecretCipher cipher;

	private static VerifyingReceiver receiver;

	private static TopicsClient kafka;

	private static ConfigurableApplicationContext worker;

	private final String id = UUID.randomUUID().toString().substring(0, 8);

	@BeforeAll
	static void startWorker() throws Exception {
		setUp = TestWorker.prepare(temp);
		cipher = setUp.cipher();
		receiver = VerifyingReceiver.start();
		worker = startWorker(Topics.DEFAULT_PREFIX, "hookline-worker", "1s,1s,2s,2s,3s", "0.1");
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
	void aDeliveryThatAlwaysFailsIsTriedSixTimesThenDeadLettered() throws Exception {
		String path = "/always-500/" + this.id;
		String subscriptionId = subscribe(kafka, path, Behaviour.status(500));
		Delivery delivery = kafka.send(TopicsClient.delivery(subscriptionId, 1, "evt-" + this.id));

		List<Attempt> attempts = awaitAttempts(kafka, delivery, 6);
		assertThat(attempts).extracting(Attempt::getAttempt).containsExactly(1, 2, 3, 4, 5, 6);
		assertThat(attempts).extracting(Attempt::getNextAction)
			.containsExactly("hookline.deliveries.retry.1m", "hookline.deliveries.retry.5m",
					"hookline.deliveries.retry.30m", "hookline.deliveries.retry.2h", "hookline.deliveries.retry.12h",
					"dlq");
		assertThat(attempts).allSatisfy((attempt) -> assertThat(attempt.getOutcome().getStatus()).isEqualTo(500));
		assertThat(attempts.get(5).getNextAttemptAt()).isNull();

		Delivery dead = await().atMost(PATIENCE)
			.until(() -> kafka.deadLetters().get(delivery.getDeliveryId()), (found) -> found != null);
		List<Received> requests = receiver.received(path);
		assertThat(requests).hasSize(6).allSatisfy((request) -> {
			assertThat(request.webhookId()).isEqualTo(delivery.getDeliveryId());
			assertThat(request.verified()).as(request.verificationError()).isTrue();
		});
		for (int tier = 0; tier < DELAYS.size(); tier++) {
			assertThat(Duration.between(requests.get(tier).at(), requests.get(tier + 1).at()))
				.as("wait in tier %d", tier)
				.isGreaterThanOrEqualTo(DELAYS.get(tier));
			assertThat(attempts.get(tier).getNextAttemptAt()).as("next attempt after attempt %d", tier + 1)
				.isAfterOrEqualTo(millis(requests.get(tier).at()).plus(DELAYS.get(tier)))
				.isBeforeOrEqualTo(requests.get(tier + 1).at());
		}
		assertThat(dead.getAttempt()).isEqualTo(6);
		assertThat(dead.getDeadLetterReason()).isEqualTo("exhausted");
		assertThat(dead.getLastOutcome().getStatus()).isEqualTo(500);
		assertThat(dead.getFirstAttemptAt()).isBetween(millis(requests.get(0).at()), requests.get(1).at());
		assertThat(dead.getLastOutcome().getAt()).isAfterOrEqualTo(millis(requests.get(5).at()));
		assertThat(dead.getBody()).isEqualTo(delivery.getBody());
		assertThat(dead.getEventId()).isEqualTo(delivery.getEventId());

		ConsumerRecord<String, Event> exhausted = await().atMost(PATIENCE)
			.until(() -> operationalEvents(subscriptionId), (events) -> !events.isEmpty())
			.get(0);
		assertThat(operationalEvents(subscriptionId)).hasSize(1);
		assertThat(exhausted.key()).isEqualTo("acme/" + subscriptionId);
		assertThat(exhausted.value().getType()).isEqualTo("hookline.delivery.exhausted");
		assertThat(exhausted.value().getTenant()).isEqualTo("acme");
		JsonNode data = JSON.readTree(exhausted.value().getData());
		assertThat(data.get("deliveryId").asString()).isEqualTo(delivery.getDeliveryId());
		assertThat(data.get("eventId").asString()).isEqualTo(delivery.getEventId());
		assertThat(data.get("eventType").asString()).isEqualTo("post.created");
		assertThat(data.get("attempts").asInt()).isEqualTo(6);
		assertThat(data.get("reason").asString()).isEqualTo("exhausted");
		assertThat(data.get("lastStatus").asInt()).isEqualTo(500);
		assertThat(data.get("lastError").isNull()).isTrue();
		assertThat(Instant.parse(data.get("deadLetteredAt").asString())).isEqualTo(dead.getLastOutcome().getAt());
	}

	@Test
	void aDeadLetteredDeliveryOfAnOperationalEventAnnouncesNothing() throws Exception {
		String path = "/alerts-down/" + this.id;
		String subscriptionId = subscribe(kafka, path, Behaviour.status(500));
		Delivery alert = kafka.send(Delivery.newBuilder(TopicsClient.delivery(subscriptionId, 1, "evt-" + this.id))
			.setEventType("hookline.delivery.exhausted")
			.build());

		assertThat(awaitAttempts(kafka, alert, 6).get(5).getNextAction()).isEqualTo("dlq");
		// its offset in the last tier is committed only once all that followed the last
		// attempt is durable, an operational event included
		RetryTier last = Topics.withDefaultPrefix().retryTiers().get(DELAYS.size() - 1);
		ConsumerRecord<String, Delivery> lastTry = kafka.waiting(last)
			.stream()
			.filter((record) -> record.value().getDeliveryId().equals(alert.getDeliveryId()))
			.findFirst()
			.orElseThrow();
		TopicPartition partition = new TopicPartition(lastTry.topic(), lastTry.partition());
		await().atMost(PATIENCE).until(() -> kafka.committed("hookline-worker", partition) > lastTry.offset());

		assertThat(kafka.deadLetters()).containsKey(alert.getDeliveryId());
		assertThat(operationalEvents(subscriptionId)).isEmpty();
	}

	@Test
	void aDeliveryThatFailsTwiceThenSucceedsIsTriedThreeTimes() throws Exception {
		String path = "/flaky/" + this.id;
		String subscriptionId = subscribe(kafka, path, Behaviour.ok().failingFirst(2, 500));
		Delivery delivery = kafka.send(TopicsClient.delivery(subscriptionId, 1, "evt-" + this.id));

		List<Attempt> attempts = awaitAttempts(kafka, delivery, 3);
		assertThat(attempts).extracting(Attempt::getNextAction)
			.containsExactly("hookline.deliveries.retry.1m", "hookline.deliveries.retry.5m", "done");
		assertThat(attempts).extracting((attempt) -> attempt.getOutcome().getStatus()).containsExactly(500, 500, 200);
		assertThat(receiver.received(path)).hasSize(3)
			.allSatisfy((request) -> assertThat(request.webhookId()).isEqualTo(delivery.getDeliveryId()));
		assertThat(kafka.deadLetters()).doesNotContainKey(delivery.getDeliveryId());
	}

	@Test
	void aRetryAfterMovesTheDeliveryToTheFirstTierAtLeastThatLong() throws Exception {
		String path = "/busy/" + this.id;
		// the first tier waits 1 s, the third is the first to wait 2 s
		String subscriptionId = subscribe(kafka, path, Behaviour.status(200, "Retry-After", "2").failingFirst(1, 429));
		Delivery delivery = kafka.send(TopicsClient.delivery(subscriptionId, 1, "evt-" + this.id));

		List<Attempt> attempts = awaitAttempts(kafka, delivery, 2);
		assertThat(attempts.get(0).getOutcome().getStatus()).isEqualTo(429);
		assertThat(attempts.get(0).getNextAction()).isEqualTo("hookline.deliveries.retry.30m");
		assertThat(attempts.get(1).getNextAction()).isEqualTo("done");
		List<Received> requests = receiver.received(path);
		assertThat(requests).hasSize(2);
		assertThat(Duration.between(requests.get(0).at(), requests.get(1).at()))
			.isGreaterThanOrEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void aGoneEndpointDisablesItsSubscription() throws Exception {
		String path = "/gone/" + this.id;
		String subscriptionId = subscribe(kafka, path, Behaviour.status(410));
		Delivery first = kafka.send(TopicsClient.delivery(subscriptionId, 1, "evt-1-" + this.id));

		Attempt attempt = awaitAttempts(kafka, first, 1).get(0);
		assertThat(attempt.getOutcome().getStatus()).isEqualTo(410);
		assertThat(attempt.getNextAction()).isEqualTo("dlq");
		Subscription disabled = kafka.subscription(subscriptionId);
		assertThat(disabled.getActive()).isFalse();
		assertThat(disabled.getVersion()).isEqualTo(2);
		assertThat(disabled.getDisabledReason()).contains("410");
		assertThat(disabled.getUrl()).isEqualTo(receiver.url(path));
		// announced before the attempt was written
		List<ConsumerRecord<String, Event>> announced = operationalEvents(subscriptionId);
		assertThat(announced).hasSize(1);
		assertThat(announced.get(0).value().getType()).isEqualTo("hookline.subscription.disabled");
		assertThat(announced.get(0).value().getTenant()).isEqualTo("acme");
		JsonNode data = JSON.readTree(announced.get(0).value().getData());
		assertThat(data.get("url").asString()).isEqualTo(receiver.url(path));
		assertThat(data.get("reason").asString()).isEqualTo(disabled.getDisabledReason());
		assertThat(Instant.parse(data.get("disabledAt").asString())).isEqualTo(disabled.getUpdatedAt());

		// a delivery routed before the subscription was disabled: both wait in the
		// dead-letter topic for a replay once the endpoint is fixed
		Delivery pending = kafka.send(TopicsClient.delivery(subscriptionId, 1, "evt-2-" + this.id));
		Attempt notSent = awaitAttempts(kafka, pending, 1).get(0);
		assertThat(notSent.getNextAction()).isEqualTo("dlq");
		assertThat(notSent.getOutcome().getError()).isEqualTo("subscription_disabled");
		Map<String, Delivery> dead = await().atMost(PATIENCE)
			.until(kafka::deadLetters, (letters) -> letters.containsKey(pending.getDeliveryId()));
		assertThat(dead.get(first.getDeliveryId()).getDeadLetterReason()).isEqualTo("subscription_disabled");
		assertThat(dead.get(first.getDeliveryId()).getLastOutcome().getStatus()).isEqualTo(410);
		assertThat(dead.get(pending.getDeliveryId()).getDeadLetterReason()).isEqualTo("subscription_disabled");
		assertThat(receiver.received(path)).extracting(Received::webhookId).containsExactly(first.getDeliveryId());
		assertThat(operationalEvents(subscriptionId)).hasSize(1);
	}

	@Test
	void aWorkerRestartedWhileRecordsWaitInATierDeliversThemOnTimeWithNoneLost() throws Exception {
		String prefix = "restart-" + this.id + ".";
		Topics topics = new Topics(prefix);
		RetryTier firstTier = topics.retryTiers().get(0);
		ConfigurableApplicationContext before = startWorker(prefix, prefix + "worker", "10s,10s,10s,10s,10s", "0");
		ConfigurableApplicationContext after = null;
		try (TopicsClient restart = new TopicsClient(setUp.brokers(), topics)) {
			restart.readAttemptsFromTheStart();
			List<Delivery> deliveries = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				String path = "/restart/" + i + "-" + this.id;
				String subscriptionId = subscribe(restart, path, Behaviour.ok().failingFirst(1, 503));
				deliveries.add(restart.send(TopicsClient.delivery(subscriptionId, 1, "evt-" + i + "-" + this.id)));
			}
			for (Delivery delivery : deliveries) {
				assertThat(awaitAttempts(restart, delivery, 1).get(0).getNextAction())
					.isEqualTo(firstTier.topic().name());
			}
			// the hand-off and the attempt are written side by side: either may be seen
			// first
			Map<String, ConsumerRecord<String, Delivery>> waiting = await().atMost(PATIENCE).until(() -> {
				Map<String, ConsumerRecord<String, Delivery>> records = new HashMap<>();
				restart.waiting(firstTier).forEach((record) -> records.put(record.value().getDeliveryId(), record));
				return records;
			}, (records) -> records.size() == deliveries.size());
			ConcurrentMessageListenerContainer<?, ?> container = before
				.getBean(ConcurrentMessageListenerContainer.class);
			await().atMost(PATIENCE)
				.until(() -> waiting.values()
					.stream()
					.allMatch((record) -> container
						.isPartitionPaused(new TopicPartition(record.topic(), record.partition()))));

			Instant stopped = Instant.now();
			before.close();
			after = startWorker(prefix, prefix + "worker", "10s,10s,10s,10s,10s", "0");

			for (Delivery delivery : deliveries) {
				List<Attempt> attempts = awaitAttempts(restart, delivery, 2);
				assertThat(attempts).extracting(Attempt::getNextAction)
					.containsExactly(firstTier.topic().name(), "done");
				Instant due = waiting.get(delivery.getDeliveryId()).value().getDueAt();
				List<Received> requests = receiver.received()
					.stream()
					.filter((request) -> delivery.getDeliveryId().equals(request.webhookId()))
					.toList();
				assertThat(requests).extracting(Received::status).containsExactly(503, 200);
				assertThat(requests.get(1).at()).isAfter(stopped).isAfterOrEqualTo(due);
				assertThat(Duration.between(requests.get(0).at(), requests.get(1).at()))
					.isGreaterThanOrEqualTo(Duration.ofSeconds(10));
			}
			assertThat(restart.deadLetters()).isEmpty();
		}
		finally {
			before.close();
			if (after != null) {
				after.close();
			}
		}
	}

	/**
	 * Records waiting in memory for their due time (the lookahead is longer than the tier
	 * here) when the worker stops, and longer than it waits for in-flight deliveries:
	 * they stay uncommitted, the stopped worker's timers send nothing, and the next
	 * worker sends each once, on time.
	 */
	@Test
	void recordsWaitingInMemoryWhenTheWorkerStopsAreSentOnceOnTimeByTheNextOne() throws Exception {
		String prefix = "waiting-" + this.id + ".";
		Topics topics = new Topics(prefix);
		RetryTier firstTier = topics.retryTiers().get(0);
		String delays = "8s,8s,8s,8s,8s";
		ConfigurableApplicationContext before = startWorker(prefix, prefix + "worker", delays, "0",
				"hookline.worker.due-lookahead=30s");
		ConfigurableApplicationContext after = null;
		try (TopicsClient client = new TopicsClient(setUp.brokers(), topics)) {
			client.readAttemptsFromTheStart();
			List<Delivery> deliveries = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				String path = "/waiting/" + i + "-" + this.id;
				String subscriptionId = subscribe(client, path, Behaviour.ok().failingFirst(1, 503));
				deliveries.add(client.send(TopicsClient.delivery(subscriptionId, 1, "evt-" + i + "-" + this.id)));
			}
			MeterRegistry meters = before.getBean(MeterRegistry.class);
			await().atMost(PATIENCE)
				.until(() -> meters.get("hookline.worker.due-waiting").gauge().value() == deliveries.size());
			Map<String, Instant> due = new HashMap<>();
			client.waiting(firstTier)
				.forEach((record) -> due.put(record.value().getDeliveryId(), record.value().getDueAt()));
			assertThat(due).hasSize(deliveries.size());
			ConcurrentMessageListenerContainer<?, ?> container = before
				.getBean(ConcurrentMessageListenerContainer.class);
			assertThat(container.isPartitionPauseRequested(new TopicPartition(firstTier.topic().name(), 0))).isFalse();
			assertThat(container.isPartitionPauseRequested(new TopicPartition(firstTier.topic().name(), 1))).isFalse();

			// the drain (2 s) ends before anything is due (8 s)
			before.close();
			Instant stopped = Instant.now();
			assertThat(due.values()).allSatisfy((at) -> assertThat(at).isAfter(stopped));
			after = startWorker(prefix, prefix + "worker", delays, "0");

			for (Delivery delivery : deliveries) {
				assertThat(awaitAttempts(client, delivery, 2)).extracting(Attempt::getNextAction)
					.containsExactly(firstTier.topic().name(), "done");
			}
			// time for a stray send by the stopped worker's timers, were there one
			Thread.sleep(1000);
			for (Delivery delivery : deliveries) {
				List<Received> requests = receiver.received()
					.stream()
					.filter((request) -> delivery.getDeliveryId().equals(request.webhookId()))
					.toList();
				assertThat(requests).extracting(Received::status).containsExactly(503, 200);
				assertThat(requests.get(1).at()).isAfterOrEqualTo(due.get(delivery.getDeliveryId()));
			}
			client.readNewAttempts();
			assertThat(deliveries)
				.allSatisfy((delivery) -> assertThat(client.attemptsOf(delivery.getDeliveryId())).hasSize(2));
		}
		finally {
			before.close();
			if (after != null) {
				after.close();
			}
		}
	}

	private static ConfigurableApplicationContext startWorker(String prefix, String group, String delays, String jitter,
			String... more) {
		List<String> settings = new ArrayList<>(
				List.of("hookline.kafka.topic-prefix=" + prefix, "hookline.worker.group-id=" + group,
						"hookline.worker.retry.delays=" + delays, "hookline.worker.retry.jitter=" + jitter));
		settings.addAll(List.of(more));
		return setUp.start(settings.toArray(String[]::new));
	}

	/** The attempts of a delivery once there are {@code count}, oldest first. */
	private static List<Attempt> awaitAttempts(TopicsClient client, Delivery delivery, int count) {
		return await().atMost(PATIENCE).pollDelay(Duration.ZERO).until(() -> {
			client.readNewAttempts();
			return client.attemptsOf(delivery.getDeliveryId());
		}, (attempts) -> attempts.size() >= count);
	}

	/** Writes an active subscription to a receiver path that answers as told. */
	private String subscribe(TopicsClient client, String path, Behaviour behaviour) throws Exception {
		String secret = SigningSecrets.generate();
		String subscriptionId = "sub-" + path.replace('/', '-').substring(1);
		receiver.secrets(path, secret).behave(path, behaviour);
		client.write(TopicsClient.subscription(subscriptionId, receiver.url(path), secret, cipher).build());
		return subscriptionId;
	}

	/** The operational events about a subscription in the events topic now. */
	private static List<ConsumerRecord<String, Event>> operationalEvents(String subscriptionId) {
		return kafka.events()
			.stream()
			.filter((record) -> OperationalEvents.isOperational(record.value().getType()))
			.filter((record) -> subscriptionId
				.equals(JSON.readTree(record.value().getData()).path(OperationalEvents.SUBJECT_FIELD).asString()))
			.toList();
	}

	/** What a timestamp-millis field can hold of an instant. */
	private static Instant millis(Instant instant) {
		return instant.truncatedTo(ChronoUnit.MILLIS);
	}

}
