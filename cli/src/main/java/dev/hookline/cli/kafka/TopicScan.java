package dev.hookline.cli.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.hookline.cli.support.CliException;
import dev.hookline.schemas.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads a topic from the beginning to the end offsets it had when the scan started, so
 * records appended meanwhile (by the command itself, say) are not read. Undecodable
 * records are counted and skipped. A scan that makes no progress for three timeouts fails
 * as unreachable.
 */
final class TopicScan<V> {

	private final KafkaConsumer<byte[], byte[]> consumer;

	private final Topic<String, V> topic;

	private final Duration timeout;

	TopicScan(KafkaConsumer<byte[], byte[]> consumer, Topic<String, V> topic, Duration timeout) {
		this.consumer = consumer;
		this.topic = topic;
		this.timeout = timeout;
	}

	int run(Consumer<Scanned<V>> sink) {
		List<PartitionInfo> infos = this.consumer.partitionsFor(this.topic.name(), this.timeout);
		if (infos == null || infos.isEmpty()) {
			throw CliException.notFound(
					"topic " + this.topic.name() + " does not exist: create the topics with 'hookline topics create'");
		}
		List<TopicPartition> partitions = infos.stream()
			.map((p) -> new TopicPartition(p.topic(), p.partition()))
			.toList();
		this.consumer.assign(partitions);
		this.consumer.seekToBeginning(partitions);
		Map<TopicPartition, Long> ends = new HashMap<>(this.consumer.endOffsets(partitions, this.timeout));
		int unreadable = 0;
		long stalledSince = System.nanoTime();
		while (!done(ends)) {
			int read = 0;
			for (ConsumerRecord<byte[], byte[]> record : this.consumer.poll(Duration.ofMillis(200))) {
				TopicPartition partition = new TopicPartition(record.topic(), record.partition());
				if (record.offset() < ends.getOrDefault(partition, 0L)) {
					read++;
					unreadable += accept(record, sink) ? 0 : 1;
				}
			}
			if (read > 0) {
				stalledSince = System.nanoTime();
			}
			else if (System.nanoTime() - stalledSince > this.timeout.multipliedBy(3).toNanos()) {
				throw CliException.unreachable("reading " + this.topic.name() + " stalled: Kafka stopped answering",
						null);
			}
		}
		return unreadable;
	}

	/** Drops the partitions read to their end; true when none is left. */
	private boolean done(Map<TopicPartition, Long> ends) {
		ends.entrySet().removeIf((end) -> this.consumer.position(end.getKey(), this.timeout) >= end.getValue());
		return ends.isEmpty();
	}

	private boolean accept(ConsumerRecord<byte[], byte[]> record, Consumer<Scanned<V>> sink) {
		V value;
		String key;
		try {
			key = this.topic.keySerde().deserializer().deserialize(record.topic(), record.key());
			value = this.topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
		}
		catch (SerializationException ex) {
			return false;
		}
		sink.accept(new Scanned<>(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()), key,
				value));
		return true;
	}

}
