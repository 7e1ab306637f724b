package dev.hookline.bench.router;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;

/**
 * Counts the deliveries the router committed, as a {@code read_committed} worker would
 * see them, all of them and the big tenant's (their key, the subscription id, tells).
 *
 * <p>
 * Offsets cannot be used for the count: under exactly-once every transaction also leaves
 * a commit marker on each partition it wrote. Values are never decoded. Counts are
 * cumulative from the start of the topic.
 */
final class DeliveryCounter implements AutoCloseable {

	private final KafkaConsumer<String, @Nullable Object> consumer;

	private final List<TopicPartition> partitions = new ArrayList<>();

	private final String bigPrefix;

	private long total;

	private long bigTenant;

	DeliveryCounter(String bootstrapServers, String deliveriesTopic, int partitions, String bigPrefix) {
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.CLIENT_ID_CONFIG,
				"router-load-counter", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new StringDeserializer(),
				new Skipped());
		for (int p = 0; p < partitions; p++) {
			this.partitions.add(new TopicPartition(deliveriesTopic, p));
		}
		this.consumer.assign(this.partitions);
		this.consumer.seekToBeginning(this.partitions);
		this.bigPrefix = bigPrefix;
	}

	/**
	 * Reads on until the counts are the expected ones, and returns them.
	 * @throws IllegalStateException when there are more deliveries than expected, or
	 * fewer after {@code patience} (the last transaction's markers can lag its offset
	 * commit a little)
	 */
	Counts awaitCounts(long expectedTotal, long expectedBigTenant, Duration patience) {
		long deadline = System.nanoTime() + patience.toNanos();
		do {
			readToEnd(deadline);
			if (this.total > expectedTotal || this.bigTenant > expectedBigTenant) {
				break;
			}
			if (this.total == expectedTotal && this.bigTenant == expectedBigTenant) {
				return new Counts(this.total, this.bigTenant);
			}
		}
		while (System.nanoTime() < deadline);
		throw new IllegalStateException(String.format(
				"router-load: MISMATCH the router wrote %,d deliveries (%,d of the big tenant), "
						+ "the subscriptions imply %,d (%,d of the big tenant)",
				this.total, this.bigTenant, expectedTotal, expectedBigTenant));
	}

	private void readToEnd(long deadline) {
		// for a read_committed consumer these are the last stable offsets
		Map<TopicPartition, Long> ends = this.consumer.endOffsets(this.partitions);
		while (System.nanoTime() < deadline
				&& ends.entrySet().stream().anyMatch((end) -> this.consumer.position(end.getKey()) < end.getValue())) {
			for (ConsumerRecord<String, @Nullable Object> record : this.consumer.poll(Duration.ofMillis(100))) {
				this.total++;
				if (record.key() != null && record.key().startsWith(this.bigPrefix)) {
					this.bigTenant++;
				}
			}
		}
	}

	@Override
	public void close() {
		this.consumer.close();
	}

	/** Deliveries so far, and how many of them went to big-tenant subscriptions. */
	record Counts(long total, long bigTenant) {
	}

	/** Leaves values undecoded and uncopied: only their number matters. */
	private static final class Skipped implements Deserializer<@Nullable Object> {

		@Override
		public @Nullable Object deserialize(String topic, byte @Nullable [] data) {
			return null;
		}

		@Override
		public @Nullable Object deserialize(String topic, Headers headers, @Nullable ByteBuffer data) {
			return null;
		}

	}

}
