package dev.hookline.bench.refs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * R1: a raw Kafka producer and consumer, with the producer settings of the pipeline's
 * ingest ({@code acks=all}, idempotent, {@code linger.ms=5}) and a {@code read_committed}
 * consumer, moving fixed-size records through one topic of the same broker.
 *
 * <p>
 * It sends as fast as the producer accepts and reports records per second from the first
 * send to the last record consumed, and the produce-to-consume latency. That is the
 * ceiling any Kafka-based pipeline on this machine works under.
 */
public final class RawKafkaReference {

	private final String bootstrapServers;

	private final int partitions;

	public RawKafkaReference(String bootstrapServers, int partitions) {
		this.bootstrapServers = bootstrapServers;
		this.partitions = partitions;
	}

	/**
	 * Moves {@code count} records of {@code sizeBytes} through a fresh topic.
	 * @throws IllegalStateException when the consumer does not see every record within
	 * {@code timeout}
	 */
	public Result run(int count, int sizeBytes, Duration timeout) throws InterruptedException {
		String topic = "bench.r1." + UUID.randomUUID().toString().substring(0, 8);
		BenchTopics.create(this.bootstrapServers, topic, this.partitions);
		Histogram latencyMicros = new Histogram(3_600_000_000L, 3);
		AtomicLong consumed = new AtomicLong();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		long start = System.nanoTime();
		Thread consumer = new Thread(() -> consume(topic, count, latencyMicros, consumed, failure, timeout),
				"r1-consumer");
		consumer.start();
		produce(topic, count, sizeBytes, failure);
		consumer.join(timeout.toMillis());
		long elapsed = System.nanoTime() - start;
		if (failure.get() != null) {
			throw new IllegalStateException("R1 failed", failure.get());
		}
		if (consumed.get() < count) {
			consumer.interrupt();
			throw new IllegalStateException("R1 consumed " + consumed.get() + " of " + count + " within " + timeout);
		}
		return new Result(count, count * 1e9 / elapsed, latencyMicros);
	}

	private void produce(String topic, int count, int sizeBytes, AtomicReference<Throwable> failure) {
		byte[] value = new byte[sizeBytes];
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(),
				new ByteArraySerializer())) {
			for (int i = 0; i < count && failure.get() == null; i++) {
				byte[] key = ("k" + (i % 1000)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
				ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, key, value);
				record.headers().add("t0", longBytes(System.nanoTime()));
				producer.send(record, (metadata, error) -> {
					if (error != null) {
						failure.compareAndSet(null, error);
					}
				});
			}
			producer.flush();
		}
	}

	private void consume(String topic, int count, Histogram latencyMicros, AtomicLong consumed,
			AtomicReference<Throwable> failure, Duration timeout) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers,
				ConsumerConfig.GROUP_ID_CONFIG, topic, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
				ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
		long deadline = System.nanoTime() + timeout.toNanos();
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(topic));
			while (consumed.get() < count && System.nanoTime() < deadline) {
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
					long sent = bytesLong(record.headers().lastHeader("t0").value());
					latencyMicros.recordValue(Math.max(0, (System.nanoTime() - sent) / 1000));
					consumed.incrementAndGet();
				}
			}
		}
		catch (RuntimeException ex) {
			failure.compareAndSet(null, ex);
		}
	}

	private Map<String, Object> producerConfig() {
		// the settings of ingest's producer (KafkaConfiguration), so R1 bounds what the
		// pipeline can do on this broker
		return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers, ProducerConfig.ACKS_CONFIG, "all",
				ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5);
	}

	private static byte[] longBytes(long value) {
		return java.nio.ByteBuffer.allocate(Long.BYTES).putLong(value).array();
	}

	private static long bytesLong(byte[] bytes) {
		return java.nio.ByteBuffer.wrap(bytes).getLong();
	}

	/**
	 * What R1 measured.
	 *
	 * @param records records moved
	 * @param perSecond records per second, first send to last consume
	 * @param latencyMicros produce-to-consume latency
	 */
	public record Result(int records, double perSecond, Histogram latencyMicros) {
	}

}
