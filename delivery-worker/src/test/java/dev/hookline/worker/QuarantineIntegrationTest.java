package dev.hookline.worker;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.Quarantined;
import dev.hookline.schemas.Quarantines;
import dev.hookline.schemas.Topics;
import dev.hookline.testsupport.Behaviour;
import dev.hookline.testsupport.Received;
import dev.hookline.testsupport.TopicReader;
import dev.hookline.testsupport.VerifyingReceiver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing the worker reads is skipped unrecorded (issue 19, points 4 and 9), on the real
 * worker and an in-JVM KRaft broker: a record of the deliveries topic, of a retry tier or
 * of the subscriptions view that no schema decodes, and a delivery whose tenant is not
 * its subscription's, each end in the quarantine topic with their bytes, where they were
 * read and why; the worker goes on past them, and sends nothing for the foreign delivery.
 */
@EmbeddedKafka
class QuarantineIntegrationTest {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final Topics TOPICS = Topics.withDefaultPrefix();

	@TempDir
	static Path temp;

	private static TestWorker setUp;

	private static VerifyingReceiver receiver;

	private static TopicsClient kafka;

	private static KafkaProducer<byte[], byte[]> raw;

	private final String id = UUID.randomUUID().toString().substring(0, 8);

	@BeforeAll
	static void prepare() throws Exception {
		setUp = TestWorker.prepare(temp);
		receiver = VerifyingReceiver.start();
		kafka = new TopicsClient(setUp.brokers());
		raw = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, setUp.brokers()),
				new ByteArraySerializer(), new ByteArraySerializer());
	}

	@AfterAll
	static void stop() {
		raw.close();
		kafka.close();
		receiver.close();
	}

	@Test
	void undecodableRecordsAreQuarantinedByteForByteAndTheDeliveriesAfterThemStillGo() throws Exception {
		String path = "/garbled/" + this.id;
		String subscriptionId = kafka.subscribe(receiver, setUp.cipher(), path, Behaviour.ok());
		ConfigurableApplicationContext worker = setUp.start();
		try {
			byte[] key = subscriptionId.getBytes(StandardCharsets.UTF_8);
			byte[] garbage = ("not a delivery " + this.id).getBytes(StandardCharsets.UTF_8);
			ProducerRecord<byte[], byte[]> garbled = new ProducerRecord<>(TOPICS.deliveries().name(), null, key,
					garbage,
					List.of(new RecordHeader("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8))));
			RecordMetadata written = raw.send(garbled).get();
			long garbledAt = written.offset();
			int partition = written.partition();
			String tier = TOPICS.retryTiers().get(0).topic().name();
			long inTierAt = raw.send(new ProducerRecord<>(tier, key, garbage)).get().offset();
			Delivery after = kafka.send(TopicsClient.delivery(subscriptionId, 1, "evt-" + this.id));
			String subscriptionsTopic = TOPICS.subscriptions().name();
			long garbledSubscriptionAt = raw
				.send(new ProducerRecord<>(subscriptionsTopic, ("sub-garbled-" + this.id).getBytes(), garbage))
				.get()
				.offset();

			await().atMost(PATIENCE).until(() -> receiver.received(path).size() == 1);
			assertThat(receiver.received(path)).extracting(Received::webhookId).containsExactly(after.getDeliveryId());

			String deliveriesTopic = TOPICS.deliveries().name();
			Map<String, Quarantined> entries = await().atMost(PATIENCE)
				.until(QuarantineIntegrationTest::quarantined,
						(found) -> found.containsKey(Quarantines.id(deliveriesTopic, partition, garbledAt))
								&& found.containsKey(Quarantines.id(tier, partition, inTierAt))
								&& found.keySet()
									.stream()
									.anyMatch((entry) -> entry.startsWith(subscriptionsTopic + "-")
											&& entry.endsWith("@" + garbledSubscriptionAt)));
			Quarantined entry = entries.get(Quarantines.id(deliveriesTopic, partition, garbledAt));
			assertThat(entry.getReason()).isEqualTo(Quarantines.UNDECODABLE);
			assertThat(bytes(entry.getKey())).isEqualTo(key);
			assertThat(bytes(entry.getValue())).isEqualTo(garbage);
			assertThat(entry.getValueSize()).isEqualTo(garbage.length);
			assertThat(entry.getHeaders()).singleElement()
				.satisfies((header) -> assertThat(header.getName()).isEqualTo("traceparent"));
			assertThat(entry.getError()).contains("not a readable single-object Avro message");
			assertThat(entry.getReader()).startsWith("delivery-worker ");
			assertThat(entries.get(Quarantines.id(tier, partition, inTierAt)).getReason())
				.isEqualTo(Quarantines.UNDECODABLE);

			// the worker moved past them: its commits passed the quarantined records
			await().atMost(PATIENCE)
				.until(() -> kafka.committed("hookline-worker", new TopicPartition(tier, partition)) > inTierAt);
			await().atMost(PATIENCE).until(() -> kafka.committed("hookline-worker", partition) > garbledAt);
			MeterRegistry registry = worker.getBean(MeterRegistry.class);
			assertThat(counted(registry, deliveriesTopic, Quarantines.UNDECODABLE)).isGreaterThanOrEqualTo(1);
			assertThat(counted(registry, tier, Quarantines.UNDECODABLE)).isGreaterThanOrEqualTo(1);
			assertThat(counted(registry, subscriptionsTopic, Quarantines.UNDECODABLE)).isGreaterThanOrEqualTo(1);
		}
		finally {
			worker.close();
		}
	}

	@Test
	void aDeliveryOfAnotherTenantIsQuarantinedAndNeverSent() throws Exception {
		String path = "/foreign/" + this.id;
		String subscriptionId = kafka.subscribe(receiver, setUp.cipher(), path, Behaviour.ok());
		ConfigurableApplicationContext worker = setUp.start();
		try {
			Delivery forged = Delivery.newBuilder(TopicsClient.delivery(subscriptionId, 1, "evt-forged-" + this.id))
				.setTenant("intruder")
				.build();
			kafka.send(forged);
			Delivery genuine = kafka.send(TopicsClient.delivery(subscriptionId, 1, "evt-" + this.id));

			Quarantined entry = await().atMost(PATIENCE)
				.until(() -> quarantined().values()
					.stream()
					.filter((found) -> found.getReason().equals(Quarantines.TENANT_MISMATCH))
					.filter((found) -> decoded(found).getDeliveryId().equals(forged.getDeliveryId()))
					.findFirst()
					.orElse(null), Objects::nonNull);
			await().atMost(PATIENCE).until(() -> receiver.received(path).size() == 1);

			assertThat(receiver.received(path)).extracting(Received::webhookId)
				.containsExactly(genuine.getDeliveryId());
			assertThat(entry.getOriginTopic()).isEqualTo(TOPICS.deliveries().name());
			assertThat(entry.getError()).contains("tenant 'intruder'", "tenant 'acme'");
			assertThat(decoded(entry)).isEqualTo(forged);
			assertThat(bytes(entry.getKey())).isEqualTo(subscriptionId.getBytes(StandardCharsets.UTF_8));
			assertThat(counted(worker.getBean(MeterRegistry.class), TOPICS.deliveries().name(),
					Quarantines.TENANT_MISMATCH))
				.isEqualTo(1);
			kafka.readAttemptsFromTheStart();
			await().atMost(PATIENCE).until(() -> {
				kafka.readNewAttempts();
				return !kafka.attemptsOf(genuine.getDeliveryId()).isEmpty();
			});
			assertThat(kafka.attemptsOf(forged.getDeliveryId())).as("nothing in the subscription's delivery log")
				.isEmpty();
		}
		finally {
			worker.close();
		}
	}

	/** The quarantine topic's live entries, by id. */
	private static Map<String, Quarantined> quarantined() {
		Map<String, Quarantined> entries = new java.util.HashMap<>();
		TopicReader.readAll(setUp.brokers(), TOPICS.quarantine()).forEach((record) -> {
			if (record.value() == null) {
				entries.remove(record.key());
			}
			else {
				entries.put(record.key(), record.value());
			}
		});
		return entries;
	}

	private static Delivery decoded(Quarantined entry) {
		return TOPICS.deliveries().valueSerde().deserializer().deserialize("", bytes(entry.getValue()));
	}

	private static double counted(MeterRegistry registry, String topic, String reason) {
		Counter counter = registry.find("hookline.quarantined").tags("topic", topic, "reason", reason).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static byte[] bytes(ByteBuffer buffer) {
		ByteBuffer copy = buffer.duplicate();
		byte[] bytes = new byte[copy.remaining()];
		copy.get(bytes);
		return bytes;
	}

}
