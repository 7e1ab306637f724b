package dev.hookline.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.hookline.schemas.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a whole topic as it stands now, committed records only, for assertions.
 */
public final class TopicReader {

	private TopicReader() {
	}

	/**
	 * Every committed record of the topic up to its current end, partition by partition.
	 */
	public static <K, V> List<ConsumerRecord<K, V>> readAll(String bootstrapServers, Topic<K, V> topic) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(), ConsumerConfig.ISOLATION_LEVEL_CONFIG,
				"read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(config, topic.keySerde().deserializer(),
				topic.valueSerde().deserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10))
				.stream()
				.map(p -> new TopicPartition(p.topic(), p.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
			List<ConsumerRecord<K, V>> records = new ArrayList<>();
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (!reached(consumer, ends)) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("could not read " + topic + " to its end within 60 s");
				}
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
			return records;
		}
	}

	/** The raw bytes of every committed record value, for scanning what is stored. */
	public static List<byte[]> rawValues(String bootstrapServers, String topic) {
		Topic<byte[], byte[]> raw = new Topic<>(topic, org.apache.kafka.common.serialization.Serdes.ByteArray(),
				org.apache.kafka.common.serialization.Serdes.ByteArray());
		return readAll(bootstrapServers, raw).stream().map(ConsumerRecord::value).filter(v -> v != null).toList();
	}

	private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
		return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
	}

}
