package dev.hookline.bench.refs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

/** Fresh topics for one reference run. */
final class BenchTopics {

	private BenchTopics() {
	}

	/**
	 * Creates the topic, with one replica, and waits until every partition has a leader;
	 * fails when the broker refuses.
	 */
	static void create(String bootstrapServers, String topic, int partitions) throws InterruptedException {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
			// an idempotent producer whose first batches meet NOT_LEADER_OR_FOLLOWER on a
			// partition just created can end up retrying OUT_OF_ORDER_SEQUENCE forever
			long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
			while (!allLed(admin, topic)) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException(topic + " has partitions without a leader after 30 s");
				}
				Thread.sleep(100);
			}
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("cannot create " + topic, ex.getCause());
		}
	}

	/**
	 * Whether every partition answers a list-offsets request, which only its leader's
	 * replica manager does (the metadata of a new topic shows a leader a little earlier).
	 */
	private static boolean allLed(Admin admin, String topic) throws InterruptedException {
		Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
		try {
			admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get()
				.get(topic)
				.partitions()
				.forEach((p) -> partitions.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
			admin.listOffsets(partitions).all().get();
			return true;
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RetriableException) {
				return false;
			}
			throw new IllegalStateException("cannot read the partitions of " + topic, ex.getCause());
		}
	}

}
