package dev.hookline.worker.outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * Since when each subscription's attempts have all failed, to disable the ones failing
 * for longer than {@code hookline.worker.auto-disable-after}.
 *
 * <p>
 * The state is local to this worker and kept in memory: deliveries are keyed by
 * subscription id, so the worker that owns a subscription's partition sees all of its
 * attempts, and no other worker needs to know. A failure moves "failing since" back to
 * the delivery's first attempt when that is older, so the state survives a restart or a
 * rebalance in part: a new owner starts from the oldest first attempt it sees failing,
 * and the period can only ever be underestimated, never overestimated. For the same
 * reason everything known about the subscriptions of a partition is forgotten when the
 * partition is taken away: a success seen by another worker meanwhile would otherwise go
 * unnoticed. Any success clears the state.
 */
final class FailingEndpoints {

	private final Duration disableAfter;

	private final Map<String, Failing> failing = new ConcurrentHashMap<>();

	FailingEndpoints(Duration disableAfter) {
		this.disableAfter = disableAfter;
	}

	/**
	 * Records a failed attempt.
	 * @param firstAttemptAt the delivery's first attempt, unless this was it
	 * @param partition where the delivery was read from
	 * @return since when the subscription has been failing, when that is at least the
	 * auto-disable period; otherwise {@code null}
	 */
	@Nullable Instant failed(String subscriptionId, @Nullable Instant firstAttemptAt, TopicPartition partition, Instant now) {
		Instant seen = (firstAttemptAt != null && firstAttemptAt.isBefore(now)) ? firstAttemptAt : now;
		Failing state = this.failing.merge(subscriptionId, new Failing(seen, partition.partition()),
				(known, latest) -> new Failing(min(known.since(), latest.since()), latest.partition()));
		return (Duration.between(state.since(), now).compareTo(this.disableAfter) >= 0) ? state.since() : null;
	}

	/** Records a successful attempt, or the subscription being disabled. */
	void cleared(String subscriptionId) {
		this.failing.remove(subscriptionId);
	}

	/**
	 * Forgets the subscriptions last seen failing on these partition numbers, whatever
	 * the topic: deliveries and retry tiers key by subscription id alike.
	 */
	void forget(Collection<TopicPartition> partitions) {
		Set<Integer> numbers = partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
		this.failing.values().removeIf((state) -> numbers.contains(state.partition()));
	}

	private static Instant min(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

	private record Failing(Instant since, int partition) {
	}

}
