package dev.hookline.schemas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

@EmbeddedKafka(partitions = 1, brokerProperties = { "transaction.state.log.replication.factor=1",
		"transaction.state.log.min.isr=1", "group.initial.rebalance.delay.ms=0" })
class TopicProvisionerTest {

	private static final int PARTITIONS = 4;

	@Test
	void everyPartitionOfACreatedTopicIsLedAndTakesAnIdempotentWriteAtOnce() throws Exception {
		KafkaSettings settings = new KafkaSettings(brokers(), "provisioned.", PARTITIONS, (short) 1, null);
		String events = settings.topics().events().name();

		List<String> created = TopicProvisioner.createMissing(settings);

		assertThat(created).contains(events, settings.topics().deliveries().name());
		try (Admin admin = admin()) {
			TopicDescription description = admin.describeTopics(List.of(events))
				.allTopicNames()
				.get(30, TimeUnit.SECONDS)
				.get(events);
			assertThat(description.partitions()).hasSize(PARTITIONS)
				.allSatisfy((partition) -> assertThat(partition.leader()).isNotNull()
					.satisfies((leader) -> assertThat(leader.isEmpty()).isFalse()));
		}
		assertThat(writeOneToEachPartition(events)).hasSize(PARTITIONS)
			.extracting(RecordMetadata::offset)
			.containsOnly(0L);
	}

	@Test
	void waitingForATopicThatNeverAppearsFailsNamingIt() {
		try (Admin admin = admin()) {
			assertThatIllegalStateException().isThrownBy(
					() -> TopicProvisioner.awaitLeaders(admin, List.of("provisioned.never"), Duration.ofMillis(500)))
				.withMessageContaining("provisioned.never");
		}
	}

	/** Writes through an idempotent producer with several requests in flight. */
	private static List<RecordMetadata> writeOneToEachPartition(String topic) throws Exception {
		// a stuck OUT_OF_ORDER_SEQUENCE retry fails the send at its delivery timeout
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers(),
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
				ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
				10_000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
				new ByteArraySerializer())) {
			List<Future<RecordMetadata>> sends = new ArrayList<>();
			for (int partition = 0; partition < PARTITIONS; partition++) {
				sends.add(producer.send(new ProducerRecord<>(topic, partition, null, "evt".getBytes())));
			}
			List<RecordMetadata> written = new ArrayList<>();
			for (Future<RecordMetadata> send : sends) {
				written.add(send.get(30, TimeUnit.SECONDS));
			}
			return written;
		}
	}

	private static Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers()));
	}

	private static String brokers() {
		return EmbeddedKafkaCondition.getBroker().getBrokersAsString();
	}

}
