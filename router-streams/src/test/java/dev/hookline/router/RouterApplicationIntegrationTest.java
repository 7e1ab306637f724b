package dev.hookline.router;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.hookline.schemas.AvroSerde;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.DeliveryIds;
import dev.hookline.schemas.Event;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.QuarantineMetrics;
import dev.hookline.schemas.Quarantined;
import dev.hookline.schemas.Quarantines;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.TopicProvisioner;
import dev.hookline.schemas.Topic;
import dev.hookline.schemas.Topics;
import dev.hookline.testsupport.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real router service on a real in-JVM KRaft broker. The broker runs transactions
 * with one replica, since exactly-once needs a transaction log.
 */
@EmbeddedKafka(partitions = 2, brokerProperties = { "transaction.state.log.replication.factor=1",
		"transaction.state.log.min.isr=1", "group.initial.rebalance.delay.ms=0" })
class RouterApplicationIntegrationTest {

	private static final String PREFIX = "it.";

	// one ordering key, so the events share a partition and their deliveries keep order
	private static final String KEY = "acme/order_7";

	@Test
	void routesAnEventOnceEndToEndPastQuarantinedCorruptRecordsAndACopyWithASubscriptionWrittenBeforeItStarted(
			@TempDir Path stateDir) throws Exception {
		EmbeddedKafkaBroker broker = EmbeddedKafkaCondition.getBroker();
		KafkaSettings settings = new KafkaSettings(broker.getBrokersAsString(), PREFIX, 2, (short) 1, null);
		Topics topics = settings.topics();
		TopicProvisioner.createMissing(settings);
		// Written before the router starts, so the subscription can only reach the index
		// through the global store's restore, which must re-run the index processor.
		RecordMetadata corruptSubscription;
		RecordMetadata corruptEvent;
		RecordMetadata invalidEvent;
		try (KafkaProducer<String, byte[]> producer = producer(broker)) {
			producer.send(new ProducerRecord<>(topics.subscriptions().name(), "sub_1", encode(subscription()))).get();
			corruptSubscription = producer
				.send(new ProducerRecord<>(topics.subscriptions().name(), "sub_0",
						"not a subscription".getBytes(StandardCharsets.UTF_8)))
				.get();
			corruptEvent = producer
				.send(new ProducerRecord<>(topics.events().name(), KEY,
						"not an event".getBytes(StandardCharsets.UTF_8)))
				.get();
			// decodes, but its data is not JSON: no body can be made of it
			invalidEvent = producer
				.send(new ProducerRecord<>(topics.events().name(), KEY, encode(eventWithInvalidData())))
				.get();
			producer.send(new ProducerRecord<>(topics.events().name(), KEY, encode(event("evt_1")))).get();
			producer.send(new ProducerRecord<>(topics.events().name(), KEY, encode(event("evt_1")))).get();
			producer.send(new ProducerRecord<>(topics.events().name(), KEY, encode(event("evt_2")))).get();
		}

		try (ConfigurableApplicationContext router = RouterApplication.application()
			.properties("hookline.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
					"hookline.kafka.topic-prefix=" + PREFIX, "hookline.kafka.partitions=2",
					"hookline.router.application-id=router-it", "hookline.router.state-dir=" + stateDir)
			.run(); KafkaConsumer<String, Delivery> consumer = committedReader(broker, topics)) {
			List<ConsumerRecord<String, Delivery>> received = new ArrayList<>();
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach(received::add);
				assertThat(received).extracting((record) -> record.value().getEventId()).contains("evt_2");
			});

			assertThat(received).extracting((record) -> record.value().getEventId()).containsExactly("evt_1", "evt_2");
			assertThat(received.get(0).key()).isEqualTo("sub_1");
			Delivery delivery = received.get(0).value();
			assertThat(delivery.getDeliveryId()).isEqualTo(DeliveryIds.of("evt_1", "sub_1"));
			assertThat(StandardCharsets.UTF_8.decode(delivery.getBody()).toString())
				.isEqualTo("{\"id\":\"evt_1\",\"type\":\"order.paid\",\"timestamp\":\"2025-05-31T08:30:00Z\","
						+ "\"data\":{\"amount\":42}}");
			RouterRunner runner = router.getBean(RouterRunner.class);
			// a task that has restored its store routes while another still restores, so
			// deliveries may come before the client as a whole reports RUNNING
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(runner.state()).isEqualTo(KafkaStreams.State.RUNNING));
			// the corrupt event, the invalid one, and the corrupt subscription the global
			// store dropped
			assertThat(runner.droppedRecords()).isEqualTo(3.0);
			assertThat(runner.duplicateEvents()).isEqualTo(1.0);

			// both corrupt records and the invalid event are in the quarantine, byte for
			// byte, and counted
			Map<String, Quarantined> quarantined = await().atMost(Duration.ofSeconds(30)).until(() -> {
				Map<String, Quarantined> entries = new java.util.HashMap<>();
				TopicReader.readAll(broker.getBrokersAsString(), topics.quarantine())
					.forEach((record) -> entries.put(record.key(), record.value()));
				return entries;
			}, (entries) -> entries.size() >= 3);
			String invalidId = Quarantines.id(invalidEvent.topic(), invalidEvent.partition(), invalidEvent.offset());
			assertThat(quarantined).containsOnlyKeys(
					Quarantines.id(corruptSubscription.topic(), corruptSubscription.partition(),
							corruptSubscription.offset()),
					Quarantines.id(corruptEvent.topic(), corruptEvent.partition(), corruptEvent.offset()), invalidId);
			Quarantined invalid = quarantined.remove(invalidId);
			assertThat(invalid.getReason()).isEqualTo(Quarantines.INVALID);
			assertThat(invalid.getError()).contains("evt_bad", "not valid JSON").doesNotContain("oops");
			assertThat(bytes(invalid.getValue())).isEqualTo(encode(eventWithInvalidData()));
			assertThat(StandardCharsets.UTF_8.decode(invalid.getKey()).toString()).isEqualTo(KEY);
			assertThat(quarantined.values())
				.extracting((entry) -> StandardCharsets.UTF_8.decode(entry.getValue()).toString())
				.containsExactlyInAnyOrder("not a subscription", "not an event");
			assertThat(quarantined.values()).allSatisfy((entry) -> {
				assertThat(entry.getReason()).isEqualTo(Quarantines.UNDECODABLE);
				assertThat(entry.getReader()).startsWith("router ");
			});
			MeterRegistry registry = router.getBean(MeterRegistry.class);
			assertThat(quarantinedCount(registry, topics.events(), Quarantines.UNDECODABLE)).isEqualTo(1.0);
			assertThat(quarantinedCount(registry, topics.events(), Quarantines.INVALID)).isEqualTo(1.0);
			assertThat(quarantinedCount(registry, topics.subscriptions(), Quarantines.UNDECODABLE)).isEqualTo(1.0);
		}
	}

	private static double quarantinedCount(MeterRegistry registry, Topic<?, ?> topic, String reason) {
		return registry.get(QuarantineMetrics.NAME).tag("topic", topic.name()).tag("reason", reason).counter().count();
	}

	private static KafkaProducer<String, byte[]> producer(EmbeddedKafkaBroker broker) {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
				new StringSerializer(), new ByteArraySerializer());
	}

	private static KafkaConsumer<String, Delivery> committedReader(EmbeddedKafkaBroker broker, Topics topics) {
		KafkaConsumer<String, Delivery> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
						ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
				new StringDeserializer(), topics.deliveries().valueSerde().deserializer());
		List<TopicPartition> partitions = List.of(new TopicPartition(topics.deliveries().name(), 0),
				new TopicPartition(topics.deliveries().name(), 1));
		consumer.assign(partitions);
		consumer.seekToBeginning(partitions);
		return consumer;
	}

	private static Subscription subscription() {
		return Subscription.newBuilder()
			.setId("sub_1")
			.setTenant("acme")
			.setUrl("https://example.com/hooks")
			.setSecret(ByteBuffer.wrap(new byte[] { 42 }))
			.setEventTypes(List.of("order.*"))
			.setVersion(1L)
			.setCreatedAt(Instant.EPOCH)
			.setUpdatedAt(Instant.EPOCH)
			.build();
	}

	private static Event event(String id) {
		return Event.newBuilder()
			.setId(id)
			.setTenant("acme")
			.setType("order.paid")
			.setOccurredAt(Instant.parse("2025-05-31T08:30:00Z"))
			.setData("{\"amount\":42}")
			.setOrderingKey("order_7")
			.build();
	}

	/** An event whose data is not JSON. */
	private static Event eventWithInvalidData() {
		return Event.newBuilder(event("evt_bad")).setData("{\"amount\": oops").build();
	}

	private static byte[] bytes(ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.duplicate().get(bytes);
		return bytes;
	}

	private static byte[] encode(Subscription subscription) {
		return AvroSerde.of(Subscription.class).encode(subscription);
	}

	private static byte[] encode(Event event) {
		return AvroSerde.of(Event.class).encode(event);
	}

}
