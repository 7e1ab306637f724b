package dev.hookline.worker.outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import dev.hookline.schemas.EndpointHealth;
import dev.hookline.schemas.TableView;
import dev.hookline.schemas.Topic;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Since when each subscription's endpoint has failed every request it got, to disable the
 * ones failing for longer than {@code hookline.worker.auto-disable-after}.
 *
 * <p>
 * Only requests count, as they end: a failure starts the period unless one is running, a
 * success ends it. The time a delivery was first attempted plays no part, so a replayed
 * or redelivered delivery from weeks ago that fails once does not disable an endpoint
 * that is healthy now.
 *
 * <p>
 * The period outlives the worker that saw it start: its start is written to the compacted
 * {@code endpoint-health} topic (key subscription id; a tombstone when the endpoint
 * answers again), which every worker keeps a view of. The worker owning a subscription
 * reads its period from the view the first time it needs it, keeps it in memory while it
 * owns the partition, and forgets it when the partition goes, since another worker may
 * see a success meanwhile. A record is written only when an endpoint starts or stops
 * failing, so the topic holds just the endpoints failing now. The writes go through the
 * worker's producer and are durable before the delivery's offset is committed; should one
 * be lost all the same, the period is only ever underestimated, never stretched.
 */
final class FailingEndpoints {

	private final Duration disableAfter;

	private final TableView<String, EndpointHealth> view;

	private final Topic<String, EndpointHealth> topic;

	private final TopicWriter writer;

	/** What this worker knows of the endpoints of the partitions it owns. */
	private final Map<String, Known> known = new ConcurrentHashMap<>();

	FailingEndpoints(Duration disableAfter, TableView<String, EndpointHealth> view, Topic<String, EndpointHealth> topic,
			TopicWriter writer) {
		this.disableAfter = disableAfter;
		this.view = view;
		this.topic = topic;
		this.writer = writer;
	}

	/**
	 * Records a failed request.
	 * @param partition where the delivery was read from
	 * @param at when the request ended
	 */
	Failure failed(String subscriptionId, TopicPartition partition, Instant at, BooleanSupplier owned) {
		boolean[] started = new boolean[1];
		Known state = this.known.compute(subscriptionId, (id, before) -> {
			Instant since = (before != null) ? before.failingSince() : viewed(id);
			if (since != null) {
				return (before != null && before.partition() == partition.partition()) ? before
						: new Known(since, partition.partition());
			}
			started[0] = true;
			return new Known(at, partition.partition());
		});
		Instant since = Objects.requireNonNull(state.failingSince());
		Mono<Void> written = started[0] ? write(subscriptionId,
				EndpointHealth.newBuilder().setSubscriptionId(subscriptionId).setFailingSince(since).build(), owned)
				: Mono.empty();
		boolean tooLong = Duration.between(since, at).compareTo(this.disableAfter) >= 0;
		return new Failure(tooLong ? since : null, written);
	}

	/**
	 * Records a successful request, or the subscription being disabled: the period ends.
	 * Completes once that is durable.
	 */
	Mono<Void> cleared(String subscriptionId, TopicPartition partition, BooleanSupplier owned) {
		Known before = this.known.get(subscriptionId);
		if (before != null && before.failingSince() == null) {
			// the common case: healthy, and known to be
			return Mono.empty();
		}
		boolean[] ended = new boolean[1];
		this.known.compute(subscriptionId, (id, current) -> {
			ended[0] = ((current != null) ? current.failingSince() : viewed(id)) != null;
			return new Known(null, partition.partition());
		});
		return ended[0] ? write(subscriptionId, null, owned) : Mono.empty();
	}

	/**
	 * Forgets the endpoints last seen on these partition numbers, whatever the topic:
	 * deliveries and retry tiers key by subscription id alike.
	 */
	void forget(Collection<TopicPartition> partitions) {
		Set<Integer> numbers = partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
		this.known.values().removeIf((state) -> numbers.contains(state.partition()));
	}

	/** Forgets everything known, to read it again from the view. */
	void forgetAll() {
		this.known.clear();
	}

	private @Nullable Instant viewed(String subscriptionId) {
		return this.view.get(subscriptionId).map(EndpointHealth::getFailingSince).orElse(null);
	}

	private Mono<Void> write(String subscriptionId, @Nullable EndpointHealth health, BooleanSupplier owned) {
		return this.writer.write(this.topic, subscriptionId, health, "endpoint health of " + subscriptionId, owned)
			.then();
	}

	/**
	 * What a failed request tells.
	 *
	 * @param tooLongSince since when the endpoint has been failing, if that is at least
	 * the auto-disable period; otherwise null
	 * @param written completes once the start of a failing period, if this request
	 * started one, is durable
	 */
	record Failure(@Nullable Instant tooLongSince, Mono<Void> written) {
	}

	/**
	 * What is known of one endpoint.
	 *
	 * @param failingSince when its failing began, null when it is not failing
	 * @param partition the number of the partition its deliveries were last read from
	 */
	private record Known(@Nullable Instant failingSince, int partition) {
	}

}
