package dev.hookline.bench.router;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * What the benchmark asks the broker: how far the router's consumer group has committed
 * on the events topic, how many events it holds, and, at the end, the removal of
 * everything the run created.
 *
 * <p>
 * A call the broker does not answer within 30 seconds fails with
 * {@link IllegalStateException}.
 */
final class BenchAdmin implements AutoCloseable {

	private final Admin admin;

	private final String eventsTopic;

	private final int partitions;

	private final String groupId;

	BenchAdmin(String bootstrapServers, String eventsTopic, int partitions, String groupId) {
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				AdminClientConfig.CLIENT_ID_CONFIG, "router-load-admin"));
		this.eventsTopic = eventsTopic;
		this.partitions = partitions;
		this.groupId = groupId;
	}

	/**
	 * Events routed: the router's committed offsets on the events topic, summed. Under
	 * exactly-once an offset is committed in the transaction that wrote the event's
	 * deliveries, so every event counted here has its deliveries written.
	 */
	long routed() {
		Map<TopicPartition, OffsetAndMetadata> committed = get(
				this.admin.listConsumerGroupOffsets(this.groupId).partitionsToOffsetAndMetadata());
		long total = 0;
		for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
			if (entry.getKey().topic().equals(this.eventsTopic) && entry.getValue() != null) {
				total += entry.getValue().offset();
			}
		}
		return total;
	}

	/** Events on the topic: its end offsets, summed. */
	long events() {
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		for (int p = 0; p < this.partitions; p++) {
			latest.put(new TopicPartition(this.eventsTopic, p), OffsetSpec.latest());
		}
		Map<TopicPartition, ListOffsetsResultInfo> ends = get(this.admin.listOffsets(latest).all());
		return ends.values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
	}

	/**
	 * Deletes the topics whose names start with one of the prefixes, and the router's
	 * consumer group; for after the router has stopped.
	 */
	void deleteAll(List<String> topicPrefixes) {
		Set<String> names = get(this.admin.listTopics().names());
		List<String> ours = names.stream().filter((name) -> topicPrefixes.stream().anyMatch(name::startsWith)).toList();
		if (!ours.isEmpty()) {
			get(this.admin.deleteTopics(ours).all());
		}
		try {
			get(this.admin.deleteConsumerGroups(List.of(this.groupId)).all());
		}
		catch (IllegalStateException ex) {
			// never created (the run failed before the router started) or already gone
		}
	}

	private static <T> T get(KafkaFuture<T> future) {
		try {
			return future.get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while asking the broker", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("router-load: the broker did not answer: " + ex.getMessage(), ex);
		}
	}

	@Override
	public void close() {
		this.admin.close();
	}

}
