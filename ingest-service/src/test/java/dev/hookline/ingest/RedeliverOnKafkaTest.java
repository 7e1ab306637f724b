package dev.hookline.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.DeliveryIds;
import dev.hookline.schemas.Outcome;
import dev.hookline.schemas.Topic;
import dev.hookline.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 * {@code POST /v1/deliveries/{id}/redeliver} on a real broker: the newest record of a
 * delivery on {@code deliveries} or the DLQ, found through the delivery history, is
 * queued again on {@code deliveries} as a first attempt with the same id and body; other
 * tenants, unknown and malformed ids and producer keys get a problem and write nothing.
 */
@EmbeddedKafka(partitions = 2)
class RedeliverOnKafkaTest {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private static RunningIngest ingest;

	private static String bootstrapServers;

	private static Topics topics;

	private static KafkaProducer<String, Delivery> producer;

	@BeforeAll
	static void start(EmbeddedKafkaBroker broker, @TempDir Path dir) {
		bootstrapServers = broker.getBrokersAsString();
		ingest = RunningIngest.start(bootstrapServers, dir.resolve("keyset.json"));
		topics = ingest.bean(Topics.class);
		producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
				topics.deliveries().keySerde().serializer(), topics.deliveries().valueSerde().serializer());
	}

	@AfterAll
	static void stop() {
		producer.close();
		ingest.close();
	}

	@Test
	void aDeadLetteredDeliveryIsQueuedAgainAsAFirstAttemptWithTheSameIdAndBody() {
		Delivery dead = deadLettered(firstAttempt("acme"));
		write(topics.deadLetters(), dead, Instant.now());
		awaitHeld(dead.getDeliveryId());
		Instant asked = Instant.now().truncatedTo(ChronoUnit.MILLIS);

		Map<String, Object> answer = redeliver(TestKeys.ACME_ADMIN, dead.getDeliveryId()).expectStatus()
			.isAccepted()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();

		assertThat(answer).containsOnlyKeys("deliveryId", "subscriptionId", "eventId", "queuedAt")
			.containsEntry("deliveryId", dead.getDeliveryId())
			.containsEntry("subscriptionId", dead.getSubscriptionId())
			.containsEntry("eventId", dead.getEventId());
		Instant queuedAt = Instant.parse((String) answer.get("queuedAt"));
		assertThat(queuedAt).isAfterOrEqualTo(asked);
		ConsumerRecord<String, Delivery> queued = queuedRecordOf(dead.getDeliveryId());
		assertThat(queued.key()).isEqualTo(dead.getSubscriptionId());
		Delivery again = queued.value();
		assertThat(again.getAttempt()).isEqualTo(1);
		assertThat(again.getDueAt()).isEqualTo(queuedAt);
		assertThat(again.getLastOutcome()).isNull();
		assertThat(again.getDeadLetterReason()).isNull();
		assertThat(text(again.getBody())).isEqualTo(text(dead.getBody()));
		assertThat(again.getTenant()).isEqualTo("acme");
		assertThat(again.getEventType()).isEqualTo(dead.getEventType());
		assertThat(again.getSubscriptionVersion()).isEqualTo(dead.getSubscriptionVersion());
		assertThat(again.getCreatedAt()).isEqualTo(dead.getCreatedAt());
		assertThat(again.getFirstAttemptAt()).isEqualTo(dead.getFirstAttemptAt());
	}

	@Test
	void aDeliveryStillRetryingIsQueuedAgainFromItsRecordOnDeliveries() {
		Delivery first = firstAttempt("acme");
		write(topics.deliveries(), first, Instant.now());
		awaitHeld(first.getDeliveryId());

		redeliver(TestKeys.ACME_ADMIN, first.getDeliveryId()).expectStatus().isAccepted();

		List<Delivery> copies = TopicRecords.readAll(bootstrapServers, topics.deliveries())
			.stream()
			.map(ConsumerRecord::value)
			.filter(delivery -> delivery.getDeliveryId().equals(first.getDeliveryId()))
			.toList();
		assertThat(copies).as("the router's first attempt, then the redelivery").hasSize(2);
		Delivery again = copies.get(1);
		assertThat(text(again.getBody())).isEqualTo(text(first.getBody()));
		assertThat(again.getAttempt()).isEqualTo(1);
		assertThat(again.getLastOutcome()).isNull();
	}

	@Test
	void anotherTenantsAdminKeyFindsNoSuchDeliveryAndNothingIsQueued() {
		Delivery dead = deadLettered(firstAttempt("acme"));
		write(topics.deadLetters(), dead, Instant.now());
		awaitHeld(dead.getDeliveryId());

		notFound(redeliver(TestKeys.GLOBEX_ADMIN, dead.getDeliveryId()), dead.getDeliveryId());

		assertThat(recordsOf(dead.getDeliveryId())).isEmpty();
		redeliver(TestKeys.ACME_ADMIN, dead.getDeliveryId()).expectStatus().isAccepted();
	}

	@Test
	void aDeliverysPayloadIsTheExactBodyItsRequestsCarryAndOnlyItsTenantSeesIt() throws Exception {
		Delivery dead = deadLettered(firstAttempt("acme"));
		write(topics.deadLetters(), dead, Instant.now());
		awaitHeld(dead.getDeliveryId());

		Map<String, Object> answer = ingest.client(TestKeys.ACME_ADMIN)
			.get()
			.uri("/v1/deliveries/{id}/payload", dead.getDeliveryId())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();

		String body = text(dead.getBody());
		assertThat(answer).containsEntry("deliveryId", dead.getDeliveryId())
			.containsEntry("subscriptionId", dead.getSubscriptionId())
			.containsEntry("eventId", dead.getEventId())
			.containsEntry("eventType", dead.getEventType())
			.containsEntry("bodySha256",
					java.util.HexFormat.of()
						.formatHex(java.security.MessageDigest.getInstance("SHA-256")
							.digest(body.getBytes(StandardCharsets.UTF_8))));
		assertThat(answer.get("body"))
			.isEqualTo(tools.jackson.databind.json.JsonMapper.builder().build().readValue(body, Map.class));
		ingest.client(TestKeys.GLOBEX_ADMIN)
			.get()
			.uri("/v1/deliveries/{id}/payload", dead.getDeliveryId())
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void anUnknownDeliveryIsNotFound() {
		String unknown = DeliveryIds.of("evt_never_sent", "sub_" + UUID.randomUUID());

		// once the history is up, not before: until then it answers 503
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> notFound(redeliver(TestKeys.ACME_ADMIN, unknown), unknown));
	}

	@Test
	void aMalformedDeliveryIdIsRefused() {
		String hex = "0123456789abcdef0123456789abcdef";
		for (String malformed : List.of("msg_123", "msg_" + hex + "0", "msg_" + hex.toUpperCase(), "evt_" + hex)) {
			expectProblem(redeliver(TestKeys.ACME_ADMIN, malformed), 400, "invalid-parameter").jsonPath("$.field")
				.isEqualTo("id");
		}
	}

	@Test
	void aProducerKeyCannotRedeliver() {
		Delivery dead = deadLettered(firstAttempt("acme"));
		write(topics.deadLetters(), dead, Instant.now());

		expectProblem(redeliver(TestKeys.ACME_PRODUCER, dead.getDeliveryId()), 403, "wrong-role");

		assertThat(recordsOf(dead.getDeliveryId())).isEmpty();
	}

	/** A delivery as the router emits it, for a subscription of its own. */
	private static Delivery firstAttempt(String tenant) {
		String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "");
		String subscriptionId = "sub_" + UUID.randomUUID().toString().replace("-", "");
		Instant created = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
		String body = "{\"id\":\"" + eventId + "\",\"type\":\"order.created\",\"timestamp\":\"" + created
				+ "\",\"data\":{\"total\":12.50}}";
		return Delivery.newBuilder()
			.setDeliveryId(DeliveryIds.of(eventId, subscriptionId))
			.setTenant(tenant)
			.setEventId(eventId)
			.setEventType("order.created")
			.setSubscriptionId(subscriptionId)
			.setSubscriptionVersion(3)
			.setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))
			.setAttempt(1)
			.setCreatedAt(created)
			.setFirstAttemptAt(null)
			.setDueAt(created)
			.setLastOutcome(null)
			.build();
	}

	/** The same delivery after it failed the whole schedule. */
	private static Delivery deadLettered(Delivery delivery) {
		Instant firstAttemptAt = delivery.getCreatedAt().plusSeconds(1);
		return Delivery.newBuilder(delivery)
			.setAttempt(6)
			.setFirstAttemptAt(firstAttemptAt)
			.setDueAt(firstAttemptAt.plus(15, ChronoUnit.HOURS))
			.setLastOutcome(outcome(500, firstAttemptAt.plus(15, ChronoUnit.HOURS)))
			.setDeadLetterReason("exhausted")
			.build();
	}

	private static Outcome outcome(int status, Instant at) {
		return Outcome.newBuilder().setAt(at).setStatus(status).setError(null).setLatencyMs(120).build();
	}

	private static void write(Topic<String, Delivery> topic, Delivery delivery, Instant timestamp) {
		try {
			producer
				.send(new ProducerRecord<>(topic.name(), null, timestamp.toEpochMilli(), delivery.getSubscriptionId(),
						delivery))
				.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not write to " + topic, ex);
		}
	}

	/** Waits until the delivery history holds the delivery. */
	private static void awaitHeld(String deliveryId) {
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> ingest.client(TestKeys.ACME_ADMIN)
				.get()
				.uri("/v1/deliveries/{id}", deliveryId)
				.exchange()
				.expectStatus()
				.isOk());
	}

	private static WebTestClient.ResponseSpec redeliver(String key, String id) {
		return ingest.client(key).post().uri("/v1/deliveries/{id}/redeliver", id).exchange();
	}

	/** The records of a delivery on {@code deliveries}. */
	private static List<ConsumerRecord<String, Delivery>> recordsOf(String deliveryId) {
		return TopicRecords.readAll(bootstrapServers, topics.deliveries())
			.stream()
			.filter(record -> record.value().getDeliveryId().equals(deliveryId))
			.toList();
	}

	private static ConsumerRecord<String, Delivery> queuedRecordOf(String deliveryId) {
		List<ConsumerRecord<String, Delivery>> found = recordsOf(deliveryId);
		assertThat(found).as("records of delivery " + deliveryId + " on deliveries").hasSize(1);
		return found.get(0);
	}

	private static String text(ByteBuffer bytes) {
		return StandardCharsets.UTF_8.decode(bytes.duplicate()).toString();
	}

	/**
	 * The answer to an unknown id, which another tenant's delivery must match exactly.
	 */
	private static void notFound(WebTestClient.ResponseSpec response, String id) {
		expectProblem(response, 404, "delivery-not-found").jsonPath("$.title")
			.isEqualTo("Delivery not found")
			.jsonPath("$.detail")
			.isEqualTo("This tenant has no delivery " + id + " in the delivery history.")
			.jsonPath("$.instance")
			.isEqualTo("/v1/deliveries/" + id + "/redeliver");
	}

}
