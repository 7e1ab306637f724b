package dev.hookline.worker.intake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker group's assignment on a real broker, with real consumers joining and
 * leaving: partition {@code N} of the deliveries topic and of every retry tier is owned
 * by one member at every moment, never split between two, not even while a rebalance
 * moves it. ({@link CoPartitionedAssignorTest} is where Kafka's
 * {@code CooperativeStickyAssignor} fails the same property; on this sequence of members
 * it happens to co-partition too.)
 */
@EmbeddedKafka(partitions = CoPartitionedAssignmentIntegrationTest.PARTITIONS,
		topics = { CoPartitionedAssignmentIntegrationTest.DELIVERIES, "cp.deliveries.retry.1m",
				"cp.deliveries.retry.5m", "cp.deliveries.retry.30m", "cp.deliveries.retry.2h",
				"cp.deliveries.retry.12h" })
class CoPartitionedAssignmentIntegrationTest {

	static final String DELIVERIES = "cp.deliveries";

	/**
	 * Not a multiple of the group's sizes, so that balancing must split numbers unevenly.
	 */
	static final int PARTITIONS = 5;

	private static final List<String> TOPICS = List.of(DELIVERIES, "cp.deliveries.retry.1m", "cp.deliveries.retry.5m",
			"cp.deliveries.retry.30m", "cp.deliveries.retry.2h", "cp.deliveries.retry.12h");

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	/** Who owns each partition now, as the members' rebalance callbacks tell. */
	private final Map<TopicPartition, String> owners = new HashMap<>();

	/** Every moment two members owned partitions of one number. */
	private final List<String> violations = new ArrayList<>();

	private final Map<String, Member> members = new HashMap<>();

	@AfterEach
	void stopAll() {
		this.members.values().forEach(Member::stop);
	}

	@Test
	void partitionNOfEveryTopicHasOneOwnerAtEveryMomentAsWorkersJoinAndLeave() {
		join("a");
		awaitSettled("a");
		join("b");
		awaitSettled("a", "b");
		join("c");
		awaitSettled("a", "b", "c");
		Set<Integer> ofC = numbersOf("c");
		leave("a");
		awaitSettled("b", "c");
		assertThat(numbersOf("c")).as("c keeps what it had").containsAll(ofC);
		join("d");
		leave("b");
		awaitSettled("c", "d");
		leave("c");
		awaitSettled("d");

		synchronized (this.owners) {
			assertThat(this.violations).isEmpty();
		}
	}

	private void join(String name) {
		Member member = new Member(name, EmbeddedKafkaCondition.getBroker().getBrokersAsString());
		this.members.put(name, member);
		member.start();
	}

	private void leave(String name) {
		this.members.remove(name).stop();
	}

	/**
	 * Waits until every partition is owned by these members, each owning all six topics'
	 * partitions of its numbers, and as many numbers as any other give or take one.
	 */
	private void awaitSettled(String... group) {
		await().atMost(PATIENCE).untilAsserted(() -> {
			synchronized (this.owners) {
				assertThat(this.owners).hasSize(TOPICS.size() * PARTITIONS);
				Map<String, List<TopicPartition>> owned = this.owners.entrySet()
					.stream()
					.collect(Collectors.groupingBy(Map.Entry::getValue,
							Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
				assertThat(owned.keySet()).containsExactlyInAnyOrder(group);
				owned.forEach((member, partitions) -> assertThat(partitions).as("partitions of %s", member)
					.hasSize(TOPICS.size() * numbersOf(member).size()));
				int fewest = PARTITIONS / group.length;
				assertThat(owned.values()).allSatisfy(
						(partitions) -> assertThat(partitions.size() / TOPICS.size()).isBetween(fewest, fewest + 1));
			}
		});
	}

	private Set<Integer> numbersOf(String member) {
		synchronized (this.owners) {
			return this.owners.entrySet()
				.stream()
				.filter((entry) -> entry.getValue().equals(member))
				.map((entry) -> entry.getKey().partition())
				.collect(Collectors.toCollection(TreeSet::new));
		}
	}

	private void assigned(String member, Collection<TopicPartition> partitions) {
		synchronized (this.owners) {
			for (TopicPartition partition : partitions) {
				this.owners.forEach((owned, owner) -> {
					if (owned.partition() == partition.partition() && !owner.equals(member)) {
						this.violations.add(member + " got " + partition + " while " + owner + " owns " + owned);
					}
				});
				this.owners.put(partition, member);
			}
		}
	}

	private void released(String member, Collection<TopicPartition> partitions) {
		synchronized (this.owners) {
			partitions.forEach((partition) -> this.owners.remove(partition, member));
		}
	}

	/** One worker of the group: a consumer polling on its own thread. */
	private final class Member implements ConsumerRebalanceListener {

		private final String name;

		private final String brokers;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final Thread thread;

		Member(String name, String brokers) {
			this.name = name;
			this.brokers = brokers;
			this.thread = new Thread(this::run, "member-" + name);
		}

		void start() {
			this.thread.start();
		}

		void stop() {
			this.running.set(false);
			try {
				this.thread.join(PATIENCE.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		private void run() {
			Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.brokers,
					ConsumerConfig.GROUP_ID_CONFIG, "co-partitioned", ConsumerConfig.CLIENT_ID_CONFIG, this.name,
					ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CoPartitionedAssignor.class.getName(),
					ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
			try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
					new ByteArrayDeserializer())) {
				consumer.subscribe(TOPICS, this);
				while (this.running.get()) {
					consumer.poll(Duration.ofMillis(100));
				}
			}
		}

		@Override
		public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
			assigned(this.name, partitions);
		}

		@Override
		public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
			released(this.name, partitions);
		}

		@Override
		public void onPartitionsLost(Collection<TopicPartition> partitions) {
			released(this.name, partitions);
		}

	}

}
