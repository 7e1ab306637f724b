package dev.hookline.ingest;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.hookline.ingest.deliverylog.LogRecords;
import dev.hookline.ingest.subscriptions.DeliveryHealth;
import dev.hookline.ingest.subscriptions.SubscriptionStats;
import dev.hookline.ingest.subscriptions.SubscriptionStats.LastStatus;
import dev.hookline.schemas.Attempt;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.QuarantineMetrics;
import dev.hookline.schemas.Quarantined;
import dev.hookline.schemas.Quarantines;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.Topic;
import dev.hookline.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.hookline.ingest.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The delivery log on a real broker: deliveries and attempts written as the router and
 * the worker write them show up in {@code GET /v1/deliveries/{id}}, in {@code GET
 * /v1/subscriptions/{id}/attempts} and in the subscriptions' stats, scoped to their
 * tenant.
 */
@EmbeddedKafka(partitions = 2, brokerProperties = { "transaction.state.log.replication.factor=1",
		"transaction.state.log.min.isr=1", "group.initial.rebalance.delay.ms=0" })
class DeliveryLogOnKafkaTest {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private static final Duration CATCH_UP = Duration.ofSeconds(20);

	private static RunningIngest ingest;

	private static Topics topics;

	private static KafkaProducer<String, byte[]> producer;

	/** Ten minutes ago: every record here is well within the retention. */
	private final Instant base = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);

	@BeforeAll
	static void start(EmbeddedKafkaBroker broker, @TempDir Path dir) {
		ingest = RunningIngest.start(broker.getBrokersAsString(), dir.resolve("keyset.json"));
		topics = ingest.bean(Topics.class);
		producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
				new StringSerializer(), new ByteArraySerializer());
	}

	@AfterAll
	static void stop() {
		producer.close();
		ingest.close();
	}

	@Test
	void aDeliveryThatFailsTwiceThenSucceedsMovesFromPendingToRetryingToDeliveredWithItsAttemptsInOrder() {
		String subscription = subscription("acme");
		Delivery delivery = queue(subscription, "order.created", this.base);
		Map<String, Object> pending = awaitDelivery(delivery, "pending");
		assertThat(pending).containsEntry("id", delivery.getDeliveryId())
			.containsEntry("subscriptionId", subscription)
			.containsEntry("eventId", delivery.getEventId())
			.containsEntry("eventType", "order.created")
			.containsEntry("createdAt", this.base.toString())
			.containsEntry("bodySha256", LogRecords.sha256Hex(delivery.getBody()))
			.containsEntry("attempts", List.of());

		Instant firstDue = this.base.plusSeconds(61);
		attempt(delivery, 1, this.base.plusSeconds(1), 500, "upstream exploded", "hookline.deliveries.retry.1m",
				firstDue);
		assertThat(awaitDelivery(delivery, "retrying")).containsEntry("nextAttemptAt", firstDue.toString());
		attempt(delivery, 2, firstDue, 500, "still down", "hookline.deliveries.retry.5m", firstDue.plusSeconds(300));
		attempt(delivery, 3, firstDue.plusSeconds(300), 200, "ok", "done", null);

		Map<String, Object> delivered = awaitDelivery(delivery, "delivered");
		assertThat(delivered).containsEntry("nextAttemptAt", null);
		List<Map<String, Object>> attempts = items(delivered.get("attempts"));
		assertThat(attempts).extracting(a -> a.get("attempt")).containsExactly(1, 2, 3);
		assertThat(attempts).extracting(a -> a.get("status")).containsExactly(500, 500, 200);
		assertThat(attempts).extracting(a -> a.get("responseSnippet"))
			.containsExactly("upstream exploded", "still down", "ok");
		assertThat(attempts.get(0))
			.containsOnlyKeys("deliveryId", "eventId", "eventType", "attempt", "at", "status", "error", "latencyMs",
					"responseSnippet", "bodySha256", "nextAction", "nextAttemptAt")
			.containsEntry("at", this.base.plusSeconds(1).toString())
			.containsEntry("nextAction", "hookline.deliveries.retry.1m")
			.containsEntry("nextAttemptAt", firstDue.toString())
			.containsEntry("latencyMs", 42)
			.containsEntry("error", null);
		assertThat(items(attempts(TestKeys.ACME_ADMIN, subscription, "").get("data"))).extracting(a -> a.get("attempt"))
			.as("newest first")
			.containsExactly(3, 2, 1);
	}

	@Test
	void attemptsAreFilteredByStatusEventTypeAndTimeAndPagedNewestFirst() {
		String subscription = subscription("acme");
		List<String> events = new ArrayList<>();
		attempted(subscription, events, "order.created", 0, 200, "done");
		attempted(subscription, events, "order.created", 1, 500, "hookline.deliveries.retry.1m");
		attempted(subscription, events, "order.paid", 2, 503, "hookline.deliveries.retry.1m");
		attempted(subscription, events, "order.paid", 3, 200, "done");
		attempted(subscription, events, "order.created", 4, null, "hookline.deliveries.retry.5m");
		attempted(subscription, events, "order.paid", 5, 500, "dlq");
		await().atMost(CATCH_UP)
			.untilAsserted(() -> assertThat(eventIds(attempts(TestKeys.ACME_ADMIN, subscription, ""))).hasSize(6));

		assertThat(eventIds(attempts(TestKeys.ACME_ADMIN, subscription, "status=failed")))
			.containsExactly(events.get(5), events.get(4), events.get(2), events.get(1));
		assertThat(eventIds(attempts(TestKeys.ACME_ADMIN, subscription, "status=succeeded")))
			.containsExactly(events.get(3), events.get(0));
		assertThat(eventIds(attempts(TestKeys.ACME_ADMIN, subscription, "status=500"))).containsExactly(events.get(5),
				events.get(1));
		assertThat(eventIds(attempts(TestKeys.ACME_ADMIN, subscription, "eventType=order.paid")))
			.containsExactly(events.get(5), events.get(3), events.get(2));
		assertThat(eventIds(attempts(TestKeys.ACME_ADMIN, subscription,
				"since=" + this.base.plusSeconds(60) + "&until=" + this.base.plusSeconds(240))))
			.containsExactly(events.get(3), events.get(2), events.get(1));

		Map<String, Object> first = attempts(TestKeys.ACME_ADMIN, subscription, "limit=4");
		assertThat(eventIds(first)).containsExactly(events.get(5), events.get(4), events.get(3), events.get(2));
		Map<String, Object> second = attempts(TestKeys.ACME_ADMIN, subscription, "limit=4&after=" + first.get("next"));
		assertThat(eventIds(second)).containsExactly(events.get(1), events.get(0));
		assertThat(second.get("next")).isNull();
	}

	@Test
	void aMalformedParameterIsRefusedWithAProblemNamingIt() {
		String subscription = subscription("acme");
		Map<String, String> malformed = Map.of("status", "status=ok", "limit", "limit=501", "since", "since=yesterday",
				"until", "since=" + this.base + "&until=" + this.base.minusSeconds(1), "after", "after=not-a-cursor");
		malformed.forEach((parameter,
				query) -> expectProblem(ingest.client(TestKeys.ACME_ADMIN)
					.get()
					.uri("/v1/subscriptions/" + subscription + "/attempts?" + query)
					.exchange(), 400, "invalid-parameter").jsonPath("$.field").isEqualTo(parameter));
		expectProblem(ingest.client(TestKeys.ACME_ADMIN).get().uri("/v1/deliveries/msg_123").exchange(), 400,
				"invalid-parameter")
			.jsonPath("$.field")
			.isEqualTo("id");
	}

	@Test
	void anotherTenantFindsNeitherTheDeliveryNorTheSubscriptionsAttempts() {
		String subscription = subscription("acme");
		Delivery delivery = queue(subscription, "order.created", this.base);
		attempt(delivery, 1, this.base.plusSeconds(1), 200, "ok", "done", null);
		awaitDelivery(delivery, "delivered");

		expectProblem(getDelivery(TestKeys.GLOBEX_ADMIN, delivery.getDeliveryId()), 404, "delivery-not-found");
		expectProblem(ingest.client(TestKeys.GLOBEX_ADMIN)
			.get()
			.uri("/v1/subscriptions/{id}/attempts", subscription)
			.exchange(), 404, "subscription-not-found");
		expectProblem(ingest.client(TestKeys.ACME_ADMIN)
			.get()
			.uri("/v1/subscriptions/{id}/attempts", "sub_" + UUID.randomUUID())
			.exchange(), 404, "subscription-not-found");
	}

	@Test
	void theStatsCountTheSubscriptionsDeliveriesByWhereTheirLatestAttemptLeftThem() {
		String subscription = subscription("acme");
		Delivery delivered = queue(subscription, "order.created", this.base);
		Delivery failing = queue(subscription, "order.created", this.base);
		Delivery dead = queue(subscription, "order.created", this.base);
		attempt(delivered, 1, this.base.plusSeconds(10), 204, null, "done", null);
		attempt(failing, 1, this.base.plusSeconds(20), 500, "oops", "hookline.deliveries.retry.1m",
				this.base.plusSeconds(80));
		attempt(dead, 6, this.base.plusSeconds(30), 502, "bad gateway", "dlq", null);

		DeliveryHealth health = ingest.bean(DeliveryHealth.class);
		await().atMost(CATCH_UP)
			.untilAsserted(() -> assertThat(health.stats("acme", subscription)).isEqualTo(new SubscriptionStats(1, 1, 1,
					this.base.plusSeconds(10), this.base.plusSeconds(30), LastStatus.DEAD_LETTERED)));
		assertThat(health.stats("globex", subscription)).isEqualTo(SubscriptionStats.NONE);
	}

	@Test
	void aRedeliveredDeliveryIsPendingAgainUntilItsNextAttempt() {
		String subscription = subscription("acme");
		Delivery delivery = queue(subscription, "order.created", this.base);
		attempt(delivery, 1, this.base.plusSeconds(1), 500, "down", "dlq", null);
		awaitDelivery(delivery, "dead_lettered");

		ingest.client(TestKeys.ACME_ADMIN)
			.post()
			.uri("/v1/deliveries/{id}/redeliver", delivery.getDeliveryId())
			.exchange()
			.expectStatus()
			.isAccepted();

		assertThat(items(awaitDelivery(delivery, "pending").get("attempts"))).hasSize(1);
	}

	@Test
	void undecodableAttemptsAndSubscriptionsAreQuarantinedAndTheLogGoesOnPastThem() throws Exception {
		String subscription = subscription("acme");
		byte[] garbage = ("not an attempt " + UUID.randomUUID()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
		RecordMetadata garbledAttempt = producer
			.send(new ProducerRecord<>(topics.attempts().name(), null, this.base.toEpochMilli(), subscription, garbage))
			.get(10, TimeUnit.SECONDS);
		RecordMetadata garbledSubscription = producer
			.send(new ProducerRecord<>(topics.subscriptions().name(), "sub_garbled", garbage))
			.get(10, TimeUnit.SECONDS);
		Delivery delivery = queue(subscription, "order.created", this.base);
		attempt(delivery, 1, this.base.plusSeconds(1), 200, "ok", "done", null);

		awaitDelivery(delivery, "delivered");
		Map<String, Quarantined> entries = await().atMost(CATCH_UP).until(() -> {
			Map<String, Quarantined> found = new java.util.HashMap<>();
			TopicRecords.readAll(ingest.bean(KafkaSettings.class).bootstrapServers(), topics.quarantine())
				.forEach((record) -> found.put(record.key(), record.value()));
			return found;
		}, (found) -> found.containsKey(id(garbledAttempt)) && found.containsKey(id(garbledSubscription)));
		for (RecordMetadata garbled : List.of(garbledAttempt, garbledSubscription)) {
			Quarantined entry = entries.get(id(garbled));
			assertThat(entry.getReason()).isEqualTo(Quarantines.UNDECODABLE);
			assertThat(entry.getValue()).isEqualTo(ByteBuffer.wrap(garbage));
			assertThat(entry.getReader()).startsWith("ingest-service ");
		}
		MeterRegistry registry = ingest.bean(MeterRegistry.class);
		assertThat(registry.get(QuarantineMetrics.NAME).tag("topic", topics.attempts().name()).counter().count())
			.isEqualTo(1.0);
		assertThat(registry.get(QuarantineMetrics.NAME).tag("topic", topics.subscriptions().name()).counter().count())
			.isGreaterThanOrEqualTo(1.0);
	}

	private static String id(RecordMetadata written) {
		return Quarantines.id(written.topic(), written.partition(), written.offset());
	}

	/** A subscription of the tenant, written as the subscriptions API writes it. */
	private String subscription(String tenant) {
		String id = "sub_" + UUID.randomUUID().toString().replace("-", "");
		write(topics.subscriptions(), id,
				Subscription.newBuilder()
					.setId(id)
					.setTenant(tenant)
					.setUrl("https://example.com/hooks")
					.setSecret(ByteBuffer.wrap(new byte[] { 1 }))
					.setEventTypes(List.of("order.*"))
					.setVersion(1)
					.setCreatedAt(this.base)
					.setUpdatedAt(this.base)
					.build(),
				this.base);
		return id;
	}

	/** A delivery as the router writes it, for a new event. */
	private Delivery queue(String subscription, String eventType, Instant at) {
		String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "");
		Delivery delivery = LogRecords.delivery("acme", subscription, eventId, eventType, at);
		write(topics.deliveries(), subscription, delivery, at);
		return delivery;
	}

	/** An attempt as the worker writes it. */
	private void attempt(Delivery delivery, int number, Instant at, @Nullable Integer status, @Nullable String snippet,
			String nextAction, @Nullable Instant nextAttemptAt) {
		Attempt attempt = LogRecords.attempt(delivery, number, at, status, snippet, nextAction, nextAttemptAt);
		write(topics.attempts(), delivery.getSubscriptionId(), attempt, at);
	}

	/** A new delivery attempted once, {@code minute} minutes after the base. */
	private void attempted(String subscription, List<String> events, String eventType, int minute,
			@Nullable Integer status, String nextAction) {
		Instant at = this.base.plus(minute, ChronoUnit.MINUTES);
		Delivery delivery = queue(subscription, eventType, at.minusMillis(500));
		attempt(delivery, 1, at, status, null, nextAction, null);
		events.add(delivery.getEventId());
	}

	private static <V> void write(Topic<String, V> topic, String key, V value, Instant timestamp) {
		byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
		try {
			producer.send(new ProducerRecord<>(topic.name(), null, timestamp.toEpochMilli(), key, bytes))
				.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not write to " + topic, ex);
		}
	}

	private static Map<String, Object> awaitDelivery(Delivery delivery, String state) {
		return await().atMost(CATCH_UP).until(() -> {
			var answer = getDelivery(TestKeys.ACME_ADMIN, delivery.getDeliveryId()).returnResult(JSON_OBJECT);
			return answer.getStatus().is2xxSuccessful() ? answer.getResponseBody().blockFirst() : Map.of();
		}, found -> state.equals(found.get("state")));
	}

	private static WebTestClient.ResponseSpec getDelivery(String key, String id) {
		return ingest.client(key).get().uri("/v1/deliveries/{id}", id).exchange();
	}

	private static Map<String, Object> attempts(String key, String subscription, String query) {
		return ingest.client(key)
			.get()
			.uri("/v1/subscriptions/" + subscription + "/attempts?" + query)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
	}

	private static List<Object> eventIds(Map<String, Object> page) {
		return items(page.get("data")).stream().map(item -> item.get("eventId")).toList();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> items(@Nullable Object list) {
		return (List<Map<String, Object>>) list;
	}

}
