package dev.hookline.worker.intake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The co-partitioned cooperative assignor, one rebalance at a time, as the group
 * coordinator would run it: each member reports what it owns and its generation, and
 * revokes what it is no longer assigned before the next rebalance.
 */
class CoPartitionedAssignorTest {

	private static final List<String> TOPICS = List.of("hookline.deliveries", "hookline.deliveries.retry.1m",
			"hookline.deliveries.retry.5m", "hookline.deliveries.retry.30m", "hookline.deliveries.retry.2h",
			"hookline.deliveries.retry.12h");

	private final CoPartitionedAssignor assignor = new CoPartitionedAssignor();

	/** What each member owns now. */
	private final Map<String, List<TopicPartition>> owned = new TreeMap<>();

	private int generation;

	@Test
	void aSingleMemberOwnsEveryPartitionOfEveryTopic() {
		Map<String, List<TopicPartition>> assigned = rebalance(cluster(12), "a");

		assertThat(assigned.get("a")).hasSize(72);
		assertThat(numbers(assigned.get("a"))).hasSize(12);
	}

	@Test
	void aJoiningMemberGetsItsNumbersOnlyAfterTheirOwnerRevokedThem() {
		Cluster cluster = cluster(12);
		rebalance(cluster, "a");

		Map<String, List<TopicPartition>> first = rebalance(cluster, "a", "b");
		assertThat(numbers(first.get("a"))).hasSize(6);
		assertThat(first.get("b")).as("nothing yet: a still owns what b will get").isEmpty();

		Map<String, List<TopicPartition>> second = rebalance(cluster, "a", "b");
		assertThat(second.get("a")).isEqualTo(first.get("a"));
		assertThat(numbers(second.get("b"))).hasSize(6).doesNotContainAnyElementsOf(numbers(second.get("a")));
		assertThat(rebalance(cluster, "a", "b")).as("stable").isEqualTo(second);
	}

	@Test
	void aLeavingMembersNumbersGoToTheOthersAtOnceAndNothingElseMoves() {
		Cluster cluster = cluster(12);
		settle(cluster, "a", "b", "c");
		Set<Integer> ofA = numbers(this.owned.get("a"));
		Set<Integer> ofC = numbers(this.owned.get("c"));

		Map<String, List<TopicPartition>> after = rebalance(cluster, "a", "c");

		assertThat(numbers(after.get("a"))).hasSize(6).containsAll(ofA);
		assertThat(numbers(after.get("c"))).hasSize(6).containsAll(ofC);
	}

	@Test
	void numbersThatDoNotDivideEvenlyGoToTheMembersOwningMostAndStayThere() {
		Cluster cluster = cluster(13);
		settle(cluster, "a", "b", "c");

		assertThat(this.owned.values()).extracting((partitions) -> numbers(partitions).size())
			.containsExactlyInAnyOrder(5, 4, 4);
		Map<String, List<TopicPartition>> before = new TreeMap<>(this.owned);
		assertThat(rebalance(cluster, "a", "b", "c")).isEqualTo(before);
	}

	@Test
	void everyGenerationCoPartitionsEveryNumberAsMembersComeAndGo() {
		Cluster cluster = cluster(12);
		List<List<String>> groups = List.of(List.of("a"), List.of("a", "b"), List.of("a", "b", "c"),
				List.of("a", "b", "c", "d", "e"), List.of("b", "d"), List.of("b", "d", "f", "g"),
				List.of("d", "f", "g"), List.of("g"));
		for (List<String> members : groups) {
			for (int round = 0; round < 3; round++) {
				rebalance(cluster, members.toArray(String[]::new));
				assertCoPartitioned();
			}
			assertThat(this.owned.values().stream().mapToInt(List::size).sum())
				.as("every partition owned once the group settled on %s", members)
				.isEqualTo(72);
		}
	}

	@Test
	void aClaimOfAnOlderGenerationLosesToTheNewerOne() {
		Cluster cluster = cluster(4);
		List<TopicPartition> zero = partitions(Set.of(0));
		Map<String, Subscription> members = new HashMap<>();
		members.put("zombie", new Subscription(TOPICS, null, zero, 3, Optional.empty()));
		members.put("current", new Subscription(TOPICS, null, zero, 5, Optional.empty()));

		Map<String, List<TopicPartition>> assigned = assign(cluster, members);

		assertThat(assigned.get("current")).containsAll(zero);
		assertThat(numbers(assigned.get("zombie"))).doesNotContain(0);
	}

	@Test
	void aNumberClaimedByTwoMembersOfTheSameGenerationIsGivenToNeitherUntilBothRevoked() {
		Cluster cluster = cluster(2);
		List<TopicPartition> zero = partitions(Set.of(0));
		Map<String, Subscription> members = new HashMap<>();
		members.put("a", new Subscription(TOPICS, null, zero, 5, Optional.empty()));
		members.put("b", new Subscription(TOPICS, null, zero, 5, Optional.empty()));

		Map<String, List<TopicPartition>> assigned = assign(cluster, members);

		assertThat(assigned.values()).allSatisfy((partitions) -> assertThat(numbers(partitions)).doesNotContain(0));
	}

	/** Rebalances until nothing changes. */
	private void settle(Cluster cluster, String... members) {
		Map<String, List<TopicPartition>> before;
		do {
			before = new TreeMap<>(this.owned);
			rebalance(cluster, members);
		}
		while (!before.equals(this.owned));
	}

	/**
	 * One rebalance of these members: those not named have left. Each member then owns
	 * what it was assigned (it revoked the rest).
	 */
	private Map<String, List<TopicPartition>> rebalance(Cluster cluster, String... members) {
		Map<String, Subscription> subscriptions = new TreeMap<>();
		for (String member : members) {
			List<TopicPartition> owns = this.owned.getOrDefault(member, List.of());
			subscriptions.put(member,
					new Subscription(TOPICS, null, owns, owns.isEmpty() ? -1 : this.generation, Optional.empty()));
		}
		Map<String, List<TopicPartition>> assigned = assign(cluster, subscriptions);
		this.generation++;
		this.owned.clear();
		this.owned.putAll(assigned);
		return assigned;
	}

	private Map<String, List<TopicPartition>> assign(Cluster cluster, Map<String, Subscription> members) {
		Map<String, List<TopicPartition>> assigned = new TreeMap<>();
		this.assignor.assign(cluster, new GroupSubscription(members))
			.groupAssignment()
			.forEach((member, assignment) -> assigned.put(member, assignment.partitions()));
		return assigned;
	}

	/** No number has partitions at two members, and a member has all or none of one. */
	private void assertCoPartitioned() {
		Map<Integer, String> ownerOf = new HashMap<>();
		this.owned.forEach((member, partitions) -> {
			for (int number : numbers(partitions)) {
				assertThat(ownerOf.put(number, member)).as("another owner of %d", number).isNull();
				assertThat(partitions).as("%s owns all of %d", member, number).containsAll(partitions(Set.of(number)));
			}
		});
	}

	private static Set<Integer> numbers(List<TopicPartition> partitions) {
		return partitions.stream().map(TopicPartition::partition).collect(Collectors.toCollection(TreeSet::new));
	}

	private static List<TopicPartition> partitions(Set<Integer> numbers) {
		List<TopicPartition> partitions = new ArrayList<>();
		TOPICS.forEach((topic) -> numbers.forEach((number) -> partitions.add(new TopicPartition(topic, number))));
		return partitions;
	}

	private static Cluster cluster(int partitionsEach) {
		Node node = new Node(0, "localhost", 9092);
		List<PartitionInfo> partitions = new ArrayList<>();
		for (String topic : TOPICS) {
			for (int number = 0; number < partitionsEach; number++) {
				partitions.add(new PartitionInfo(topic, number, node, new Node[] { node }, new Node[] { node }));
			}
		}
		return new Cluster("test", List.of(node), partitions, new HashSet<>(), new HashSet<>());
	}

}
