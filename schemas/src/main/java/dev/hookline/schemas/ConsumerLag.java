package dev.hookline.schemas;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer group's lag per topic, {@code hookline.consumer.lag{group, topic}}: records
 * committed to the topic (up to its last stable offset: Hookline reads committed
 * transactions only) that the group has not committed past, summed over the topic's
 * partitions; a partition the group never committed counts from its first record. Read
 * from the brokers every {@code every}, so it is the group's lag whichever instance
 * reports it: every instance of a service reports the same figures (take the {@code max},
 * not the sum, across instances), and it goes on being reported while the group has no
 * member at all.
 *
 * <p>
 * Kafka's own client metric ({@code records-lag-max}) is only the largest partition lag
 * one consumer sees, and Micrometer leaves out the per-partition one; a lag exporter
 * beside Hookline would do, but every deployment would need one.
 */
public final class ConsumerLag implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);

	public static final String NAME = "hookline.consumer.lag";

	private final Admin admin;

	private final String group;

	private final Collection<String> topics;

	private final Duration timeout;

	private final Map<String, Double> lag = new ConcurrentHashMap<>();

	private final ScheduledExecutorService scheduler;

	/**
	 * Starts reading the lag at once, then every {@code every}.
	 * @param clientId the admin client's id
	 */
	public ConsumerLag(KafkaSettings settings, String clientId, String group, Collection<String> topics,
			MeterRegistry registry, Duration every) {
		this.timeout = every.compareTo(Duration.ofSeconds(10)) < 0 ? every : Duration.ofSeconds(10);
		this.admin = settings.admin(clientId, this.timeout);
		this.group = group;
		this.topics = List.copyOf(topics);
		for (String topic : this.topics) {
			this.lag.put(topic, Double.NaN);
			Gauge.builder(NAME, this.lag, (known) -> known.getOrDefault(topic, Double.NaN))
				.description("Records of the topic the consumer group has not committed past")
				.tag("group", group)
				.tag("topic", topic)
				.register(registry);
		}
		this.scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("hookline-lag-" + group));
		this.scheduler.scheduleWithFixedDelay(this::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Reads the lag again; keeps the last figures when Kafka does not answer. */
	void refresh() {
		try {
			this.lag.putAll(read());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			log.debug("cannot read the lag of group {}: {}", this.group, ex.toString());
		}
	}

	private Map<String, Double> read() throws InterruptedException, ExecutionException, TimeoutException {
		long millis = this.timeout.toMillis();
		Map<TopicPartition, OffsetAndMetadata> committed = this.admin.listConsumerGroupOffsets(this.group)
			.partitionsToOffsetAndMetadata()
			.get(millis, TimeUnit.MILLISECONDS);
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
		for (TopicDescription topic : this.admin.describeTopics(this.topics)
			.allTopicNames()
			.get(millis, TimeUnit.MILLISECONDS)
			.values()) {
			for (TopicPartitionInfo partition : topic.partitions()) {
				TopicPartition key = new TopicPartition(topic.name(), partition.partition());
				latest.put(key, OffsetSpec.latest());
				if (committed.get(key) == null) {
					earliest.put(key, OffsetSpec.earliest());
				}
			}
		}
		ListOffsetsOptions committedOnly = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
		Map<TopicPartition, ListOffsetsResultInfo> ends = this.admin.listOffsets(latest, committedOnly)
			.all()
			.get(millis, TimeUnit.MILLISECONDS);
		Map<TopicPartition, ListOffsetsResultInfo> starts = earliest.isEmpty() ? Map.of()
				: this.admin.listOffsets(earliest, committedOnly).all().get(millis, TimeUnit.MILLISECONDS);
		Map<String, Double> byTopic = new HashMap<>();
		this.topics.forEach((topic) -> byTopic.put(topic, 0.0));
		ends.forEach((partition, end) -> {
			OffsetAndMetadata done = committed.get(partition);
			long from = (done != null) ? done.offset() : starts.get(partition).offset();
			byTopic.merge(partition.topic(), (double) Math.max(0, end.offset() - from), Double::sum);
		});
		return byTopic;
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
		this.admin.close(Duration.ofSeconds(1));
	}

}
