package dev.hookline.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.hookline.schemas.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Everything committed to a topic so far, read from the beginning of every partition.
 */
public final class TopicRecords {

	private TopicRecords() {
	}

	/** The topic's committed records, decoded with its serdes, partition by partition. */
	public static <K, V> List<ConsumerRecord<K, V>> readAll(String bootstrapServers, Topic<K, V> topic) {
		List<ConsumerRecord<K, V>> decoded = new ArrayList<>();
		for (ConsumerRecord<byte[], byte[]> raw : readRaw(bootstrapServers, topic.name())) {
			decoded.add(new ConsumerRecord<>(raw.topic(), raw.partition(), raw.offset(),
					topic.keySerde().deserializer().deserialize(raw.topic(), raw.key()),
					topic.valueSerde().deserializer().deserialize(raw.topic(), raw.value())));
		}
		return decoded;
	}

	/**
	 * The topic's committed records as bytes, read up to the end offsets of this call.
	 */
	public static List<ConsumerRecord<byte[], byte[]>> readRaw(String bootstrapServers, String topic) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
				false);
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10))
				.stream()
				.map(info -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
			List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
			Instant deadline = Instant.now().plusSeconds(30);
			while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
				if (Instant.now().isAfter(deadline)) {
					throw new IllegalStateException("could not read " + topic + " up to " + ends);
				}
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
			return records;
		}
	}

}
