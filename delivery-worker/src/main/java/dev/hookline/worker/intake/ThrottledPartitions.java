package dev.hookline.worker.intake;

import java.util.Collection;
import java.util.List;

import dev.hookline.worker.ratelimit.WaitingDeliveries;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Leaves the backlog of a rate-limited or slow subscription in Kafka: a record whose
 * subscription already has as many deliveries waiting for their turn as it may (in any of
 * the {@link WaitingDeliveries} given: waiting for a rate-limit slot, or for a free slot
 * under the endpoint's concurrency cap) is not started, and its partition is read no
 * further until half of them have been sent. Without this, one limited or slow
 * subscription with a large backlog would take every in-flight permit and pause intake
 * from every partition.
 *
 * <h2>Holding back</h2> Works like {@link ParkedPartitions}, through the same
 * {@link PartitionHolds}: on the consumer thread the consumer is sought back to the
 * record, its partition is paused ({@link PartitionPauses.Reason#SUBSCRIPTION_FULL}), and
 * records of the partition that the same poll returned after it are skipped. None of them
 * was started or acknowledged, so the committed offset stays at or before the held
 * record, and all of them are fetched again, in order, once the partition is resumed.
 * Records of other subscriptions on the same partition wait with it; other partitions are
 * not affected.
 *
 * <h2>Resuming</h2> The thread whose delivery brings the subscription's waiting count
 * down to half lifts the pause. The hold itself lasts until the held record is seen
 * again, so that a resumption cannot let through a record left over from the poll that
 * held it. The record is then judged afresh, and held again if the subscription has
 * filled up meanwhile (say, from a retry tier).
 *
 * <h2>Rebalances</h2> Holds belong to the assignment: they are dropped and their pause
 * withdrawn when a partition is assigned, revoked or lost; the next owner reads from the
 * committed offset. A resumption arriving for a dropped hold does nothing.
 */
final class ThrottledPartitions {

	private final List<WaitingDeliveries> waiting;

	private final PartitionHolds<Hold> holds;

	ThrottledPartitions(List<WaitingDeliveries> waiting, PartitionPauses pauses) {
		this.waiting = List.copyOf(waiting);
		this.holds = new PartitionHolds<>(pauses, PartitionPauses.Reason.SUBSCRIPTION_FULL);
	}

	/**
	 * Whether to skip a record because it follows the held record of its partition in the
	 * poll that held it; on the consumer thread, before anything else is done with the
	 * record.
	 */
	boolean holdsBack(TopicPartition partition, long offset, Consumer<?, ?> consumer) {
		return this.holds.holdsBack(partition, offset, consumer);
	}

	/**
	 * Holds the partition back at this record if the record's subscription has as many
	 * deliveries waiting as it may; on the consumer thread.
	 * @return whether it was held, so is not to be started
	 */
	boolean holdIfFull(TopicPartition partition, long offset, String subscriptionId, Consumer<?, ?> consumer) {
		Hold hold = new Hold(offset);
		return this.holds.holdIf(partition, hold, consumer,
				() -> whenFull(subscriptionId, () -> this.holds.resume(partition, hold)));
	}

	/**
	 * Whether the subscription is full in one of the counts; if so, {@code onDrained}
	 * runs once, when half of that count's deliveries have left.
	 */
	private boolean whenFull(String subscriptionId, Runnable onDrained) {
		for (WaitingDeliveries kind : this.waiting) {
			if (kind.whenFull(subscriptionId, onDrained)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Drops the holds on these partitions and withdraws their pause; when they are
	 * assigned, revoked or lost.
	 */
	void reset(Collection<TopicPartition> partitions) {
		this.holds.reset(partitions);
	}

	/** Partitions held back now. */
	int count() {
		return this.holds.count();
	}

	/** The record a partition was held back at. */
	private record Hold(long offset) implements PartitionHolds.Hold {
	}

}
