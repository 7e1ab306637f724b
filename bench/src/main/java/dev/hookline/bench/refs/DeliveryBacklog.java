package dev.hookline.bench.refs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The backlog a consumption-model run delivers: a fresh topic holding the bodies, each
 * record carrying its body's index in a header, so that a redelivered record is
 * recognised as the same delivery.
 */
final class DeliveryBacklog {

	private static final String INDEX_HEADER = "bench-index";

	private DeliveryBacklog() {
	}

	/**
	 * Creates a topic named {@code prefix} plus a random suffix and produces every body
	 * to it, keyed like subscription ids so every partition gets its share.
	 * @return the topic's name
	 * @throws IllegalStateException when the broker refuses a record
	 */
	static String produce(String bootstrapServers, String prefix, int partitions, List<byte[]> bodies)
			throws InterruptedException {
		String topic = prefix + UUID.randomUUID().toString().substring(0, 8);
		BenchTopics.create(bootstrapServers, topic, partitions);
		// ingest's producer settings, so the backlog is written the way events are
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
				ProducerConfig.LINGER_MS_CONFIG, 5);
		AtomicReference<Exception> failure = new AtomicReference<>();
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
				new ByteArraySerializer())) {
			for (int i = 0; i < bodies.size(); i++) {
				ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic,
						("sub_" + (i % 1000)).getBytes(StandardCharsets.UTF_8), bodies.get(i));
				record.headers().add(INDEX_HEADER, ByteBuffer.allocate(Integer.BYTES).putInt(i).array());
				producer.send(record, (metadata, ex) -> {
					if (ex != null) {
						failure.compareAndSet(null, ex);
					}
				});
			}
			producer.flush();
		}
		if (failure.get() != null) {
			throw new IllegalStateException("cannot produce the backlog to " + topic, failure.get());
		}
		return topic;
	}

	/** The index of the body a record holds. */
	static int index(ConsumerRecord<?, ?> record) {
		Header header = record.headers().lastHeader(INDEX_HEADER);
		if (header == null) {
			throw new IllegalStateException("record without " + INDEX_HEADER + " at " + record.topic() + "-"
					+ record.partition() + "@" + record.offset());
		}
		return ByteBuffer.wrap(header.value()).getInt();
	}

}
