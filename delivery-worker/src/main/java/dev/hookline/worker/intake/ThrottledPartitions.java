package dev.hookline.worker.intake;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * <h2>Holding back</h2> Works like {@link ParkedPartitions}: on the consumer thread the
 * consumer is sought back to the record, its partition is paused
 * ({@link PartitionPauses.Reason#SUBSCRIPTION_FULL}), and records of the partition that
 * the same poll returned after it are skipped. None of them was started or acknowledged,
 * so the committed offset stays at or before the held record, and all of them are fetched
 * again, in order, once the partition is resumed. Records of other subscriptions on the
 * same partition wait with it; other partitions are not affected.
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

	private final PartitionPauses pauses;

	private final Map<TopicPartition, Hold> held = new ConcurrentHashMap<>();

	ThrottledPartitions(List<WaitingDeliveries> waiting, PartitionPauses pauses) {
		this.waiting = List.copyOf(waiting);
		this.pauses = pauses;
	}

	/**
	 * Whether to skip a record because it follows the held record of its partition in the
	 * poll that held it; on the consumer thread, before anything else is done with the
	 * record.
	 */
	boolean holdsBack(TopicPartition partition, long offset, Consumer<?, ?> consumer) {
		Hold hold = this.held.get(partition);
		if (hold == null) {
			return false;
		}
		// the seek put the position back at the held record until the partition is
		// fetched again; past it, the held record is gone (say, to retention)
		if (offset > hold.offset && consumer.position(partition) <= hold.offset) {
			return true;
		}
		forget(partition, hold);
		return false;
	}

	/**
	 * Holds the partition back at this record if the record's subscription has as many
	 * deliveries waiting as it may; on the consumer thread.
	 * @return whether it was held, so is not to be started
	 */
	synchronized boolean holdIfFull(TopicPartition partition, long offset, String subscriptionId,
			Consumer<?, ?> consumer) {
		Hold hold = new Hold(offset);
		// the resumption takes this lock, so it cannot run before the hold is in place
		if (!whenFull(subscriptionId, () -> release(partition, hold))) {
			return false;
		}
		consumer.seek(partition, offset);
		this.held.put(partition, hold);
		this.pauses.pause(partition, PartitionPauses.Reason.SUBSCRIPTION_FULL);
		return true;
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

	private synchronized void release(TopicPartition partition, Hold hold) {
		if (this.held.get(partition) == hold) {
			this.pauses.resume(partition, PartitionPauses.Reason.SUBSCRIPTION_FULL);
		}
	}

	private synchronized void forget(TopicPartition partition, Hold hold) {
		if (this.held.remove(partition, hold)) {
			this.pauses.resume(partition, PartitionPauses.Reason.SUBSCRIPTION_FULL);
		}
	}

	/**
	 * Drops the holds on these partitions and withdraws their pause; when they are
	 * assigned, revoked or lost.
	 */
	synchronized void reset(Collection<TopicPartition> partitions) {
		for (TopicPartition partition : partitions) {
			if (this.held.remove(partition) != null) {
				this.pauses.resume(partition, PartitionPauses.Reason.SUBSCRIPTION_FULL);
			}
		}
	}

	/** Partitions held back now. */
	int count() {
		return this.held.size();
	}

	/** The record a partition was held back at. */
	private static final class Hold {

		final long offset;

		Hold(long offset) {
			this.offset = offset;
		}

	}

}
