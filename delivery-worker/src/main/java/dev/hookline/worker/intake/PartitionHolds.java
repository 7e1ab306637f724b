package dev.hookline.worker.intake;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Partitions held back at a record, for one {@link PartitionPauses.Reason}: the mechanism
 * {@link ParkedPartitions} (not due yet) and {@link ThrottledPartitions} (subscription
 * full) share.
 *
 * <p>
 * Holding seeks the consumer back to the record and pauses its partition. Records of the
 * partition that the same poll returned after it are then skipped ({@link #holdsBack}):
 * the position is back at the held record until the partition is fetched again. The hold
 * lasts until a record at or past it is seen again, so that a resumption cannot let
 * through a record left over from the poll that held it; {@link #resume} only lifts the
 * pause. Every change of a hold and its pause happens under this object's lock.
 *
 * @param <H> what a hold keeps besides its offset
 */
final class PartitionHolds<H extends PartitionHolds.Hold> {

	private final PartitionPauses pauses;

	private final PartitionPauses.Reason reason;

	private final Map<TopicPartition, H> held = new ConcurrentHashMap<>();

	PartitionHolds(PartitionPauses pauses, PartitionPauses.Reason reason) {
		this.pauses = pauses;
		this.reason = reason;
	}

	/**
	 * Whether to skip a record because it follows the held record of its partition in the
	 * poll that held it; on the consumer thread, before anything else is done with the
	 * record. A record at or past the hold ends it.
	 */
	boolean holdsBack(TopicPartition partition, long offset, Consumer<?, ?> consumer) {
		H hold = this.held.get(partition);
		if (hold == null) {
			return false;
		}
		// the seek put the position back at the held record until the partition is
		// fetched again; past it, the held record is gone (say, to retention)
		if (offset > hold.offset() && consumer.position(partition) <= hold.offset()) {
			return true;
		}
		forget(partition, hold);
		return false;
	}

	/**
	 * Holds the partition at the hold's record if {@code condition} says so, both under
	 * the lock that {@link #resume} takes, so a resumption that the condition arranges
	 * cannot run before the hold is in place; on the consumer thread.
	 * @return whether it was held
	 */
	synchronized boolean holdIf(TopicPartition partition, H hold, Consumer<?, ?> consumer, BooleanSupplier condition) {
		if (!condition.getAsBoolean()) {
			return false;
		}
		consumer.seek(partition, hold.offset());
		this.held.put(partition, hold);
		this.pauses.pause(partition, this.reason);
		return true;
	}

	/** Lifts the pause if the hold is still the partition's; the hold stays. */
	synchronized void resume(TopicPartition partition, H hold) {
		if (this.held.get(partition) == hold) {
			this.pauses.resume(partition, this.reason);
		}
	}

	private synchronized void forget(TopicPartition partition, H hold) {
		if (this.held.remove(partition, hold)) {
			hold.cancel();
			this.pauses.resume(partition, this.reason);
		}
	}

	/**
	 * Drops the holds on these partitions and withdraws their pause; when they are
	 * assigned, revoked or lost.
	 */
	synchronized void reset(Collection<TopicPartition> partitions) {
		for (TopicPartition partition : drop(partitions)) {
			this.pauses.resume(partition, this.reason);
		}
	}

	/**
	 * Drops the holds on these partitions and leaves their pauses to the caller.
	 * @return the partitions that had a hold
	 */
	synchronized List<TopicPartition> drop(Collection<TopicPartition> partitions) {
		List<TopicPartition> dropped = new ArrayList<>();
		for (TopicPartition partition : partitions) {
			H hold = this.held.remove(partition);
			if (hold != null) {
				hold.cancel();
				dropped.add(partition);
			}
		}
		return dropped;
	}

	/** Partitions held back now. */
	int count() {
		return this.held.size();
	}

	/** The record a partition is held at. */
	interface Hold {

		long offset();

		/** Called once the hold is dropped: stop whatever would resume it. */
		default void cancel() {
		}

	}

}
