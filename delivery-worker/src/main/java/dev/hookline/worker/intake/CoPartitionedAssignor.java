package dev.hookline.worker.intake;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.TopicPartition;

/**
 * Assigns the worker group's topics so that partition {@code N} of every topic (the
 * deliveries topic and all the retry tiers) has one owner, at every generation, with
 * cooperative (incremental) rebalancing.
 *
 * <p>
 * Deliveries are keyed by subscription id, so partition {@code N} of each of these topics
 * holds the same subscriptions: its per-endpoint state (rate limit, concurrency cap,
 * circuit breaker, failure tracking) is local to one worker only if one worker owns all
 * of them. Kafka's {@code CooperativeStickyAssignor} balances topic-partitions one by one
 * and does not guarantee it; its {@code RangeAssignor} does, but is eager: every
 * rebalance would revoke every partition of every worker and wait for all their
 * deliveries in flight.
 *
 * <p>
 * So this assignor hands out whole partition numbers: a member owning number {@code N}
 * gets {@code N} of every topic it subscribes to. It is sticky (a member keeps the
 * numbers it owns, up to its fair share: {@code numbers / members}, the first
 * {@code numbers % members} members by numbers owned getting one more) and follows the
 * cooperative protocol: a number that moves is first taken from its owner only, which
 * revokes all of its partitions and rejoins, and is given to its new owner in the
 * following rebalance. A number therefore never has partitions at two members, not even
 * for the length of a rebalance. Should two members both claim a number (a member that
 * was presumed dead and comes back), the claim of the newer generation stands, and
 * neither keeps it when they are of the same one.
 *
 * <p>
 * Written by hand because neither of Kafka's cooperative assignors co-partitions, and the
 * broker-side assignors of the newer consumer group protocol (KIP-848) move partitions
 * one by one.
 */
public final class CoPartitionedAssignor implements ConsumerPartitionAssignor {

	/** The name members announce; all of a group's members must support it. */
	public static final String NAME = "hookline-co-partitioned";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public List<RebalanceProtocol> supportedProtocols() {
		return List.of(RebalanceProtocol.COOPERATIVE);
	}

	@Override
	public GroupAssignment assign(Cluster metadata, GroupSubscription group) {
		Map<String, Subscription> members = new TreeMap<>(group.groupSubscription());
		Set<Integer> numbers = numbers(metadata, members.values());
		Claims claims = claims(members, numbers);
		Map<Integer, String> owners = claims.owners();
		Map<String, Set<Integer>> target = target(members.keySet(), numbers, owners);
		Map<String, Assignment> assignments = new HashMap<>();
		target.forEach((member, assigned) -> {
			// a number moving to another member is only taken from its owner this time,
			// and a disputed one from both
			assigned.removeIf((number) -> claims.disputed().contains(number)
					|| (owners.containsKey(number) && !owners.get(number).equals(member)));
			List<TopicPartition> partitions = new ArrayList<>();
			for (String topic : new TreeSet<>(members.get(member).topics())) {
				Integer count = metadata.partitionCountForTopic(topic);
				assigned.stream()
					.filter((number) -> count != null && number < count)
					.forEach((number) -> partitions.add(new TopicPartition(topic, number)));
			}
			assignments.put(member, new Assignment(partitions));
		});
		return new GroupAssignment(assignments);
	}

	/** Every partition number of any subscribed topic. */
	private static Set<Integer> numbers(Cluster metadata, Iterable<Subscription> members) {
		Set<Integer> numbers = new TreeSet<>();
		for (Subscription member : members) {
			for (String topic : member.topics()) {
				Integer count = metadata.partitionCountForTopic(topic);
				for (int number = 0; count != null && number < count; number++) {
					numbers.add(number);
				}
			}
		}
		return numbers;
	}

	/**
	 * Who owns each number now: the member that claims any of its partitions, the newest
	 * generation's claim standing against older ones; when two of the same generation
	 * claim it, it is disputed and neither owns it.
	 */
	private static Claims claims(Map<String, Subscription> members, Set<Integer> numbers) {
		Map<Integer, String> owners = new HashMap<>();
		Map<Integer, Integer> generations = new HashMap<>();
		Set<Integer> disputed = new TreeSet<>();
		members.forEach((member, subscription) -> {
			int generation = subscription.generationId().orElse(-1);
			subscription.ownedPartitions()
				.stream()
				.map(TopicPartition::partition)
				.filter(numbers::contains)
				.distinct()
				.forEach((number) -> {
					Integer known = generations.get(number);
					if (known == null || generation > known) {
						owners.put(number, member);
						generations.put(number, generation);
						disputed.remove(number);
					}
					else if (generation == known && !owners.get(number).equals(member)) {
						disputed.add(number);
					}
				});
		});
		disputed.forEach(owners::remove);
		return new Claims(owners, disputed);
	}

	/**
	 * The owner of each number that has one, and the numbers claimed by two members of
	 * the same generation.
	 */
	private record Claims(Map<Integer, String> owners, Set<Integer> disputed) {
	}

	/**
	 * The balanced assignment closest to what members own: each keeps what it owns up to
	 * its share, the rest goes to members below theirs, lowest numbers first.
	 */
	private static Map<String, Set<Integer>> target(Set<String> members, Set<Integer> numbers,
			Map<Integer, String> owners) {
		Map<String, Set<Integer>> owned = new TreeMap<>();
		members.forEach((member) -> owned.put(member, new TreeSet<>()));
		owners.forEach((number, member) -> owned.get(member).add(number));
		List<String> byOwned = new ArrayList<>(members);
		byOwned.sort(Comparator.comparing((String member) -> owned.get(member).size()).reversed());
		int base = numbers.size() / members.size();
		int extra = numbers.size() % members.size();
		Map<String, Set<Integer>> target = new TreeMap<>();
		TreeSet<Integer> free = new TreeSet<>(numbers);
		Map<String, Integer> shares = new HashMap<>();
		for (int i = 0; i < byOwned.size(); i++) {
			String member = byOwned.get(i);
			int share = base + ((i < extra) ? 1 : 0);
			shares.put(member, share);
			Set<Integer> kept = new TreeSet<>(owned.get(member).stream().limit(share).toList());
			free.removeAll(kept);
			target.put(member, kept);
		}
		target.forEach((member, assigned) -> {
			while (assigned.size() < shares.get(member) && !free.isEmpty()) {
				assigned.add(free.pollFirst());
			}
		});
		return target;
	}

}
