package dev.hookline.worker.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hookline.schemas.DaemonThreads;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * Holds back each partition whose next record is not due yet, until it is due, with no
 * thread waiting for it and no polling in the meantime.
 *
 * <h2>Parking</h2> When the consumer returns a record whose due time is still ahead, the
 * record is not processed. On the consumer thread, which is the one calling the listener,
 * the consumer is sought back to that record's offset (directly: spring-kafka's seek
 * callback would only queue the seek until the next poll), the partition is paused
 * through the listener container ({@link PartitionPauses.Reason#NOT_DUE}), and one shared
 * timer thread is asked to resume it at the due time. Records of the partition that the
 * same poll returned after it are skipped: they are still ahead of the consumer's
 * position, so they are fetched again after the resumption. A parked record is never
 * acknowledged, so the committed offset never passes it; a retry tier's partition is
 * ordered by due time (each of its records waits the same delay, give or take the
 * jitter), so waiting for its head record holds back nothing that is due earlier, by more
 * than the jitter.
 *
 * <h2>Resuming</h2> At the due time the timer lifts the pause; the container wakes its
 * consumer, which fetches the partition from the parked record on. That record is then
 * processed (or parked again, should the clock disagree by a hair). The parked state
 * lasts until the record is seen again, so that a resumption cannot let through a record
 * left over from the poll that parked it.
 *
 * <h2>Rebalances and restarts</h2> Parked state belongs to the assignment: it is dropped,
 * its timer cancelled and its pause request withdrawn when a partition is revoked, lost
 * or assigned. A newly assigned partition is thus explicitly resumed, its consumer starts
 * from the committed offset, which is at or before the parked record, and the record is
 * judged again and parked again if still early; a worker restarted while partitions are
 * paused therefore delivers their records on time, and loses none.
 *
 * <h2>Waiting in memory instead</h2> Parking costs a fetch: the resumed partition is
 * fetched again from the parked record, and the consumer throws away whatever else it had
 * fetched of it. A tier that keeps receiving deliveries has a record due every few
 * milliseconds, so parking each one would fetch its partition again for every record (up
 * to a megabyte each time, for one record used). A record due within
 * {@code hookline.worker.due-lookahead} therefore waits in memory instead
 * ({@link #waitOrPark}): it is processed by a timer at its due time, stays uncommitted
 * until then, and the consumer reads on. At most {@code hookline.worker.max-due-waiting}
 * records wait so at once, on top of the ones being sent, so memory stays bounded; past
 * that, or past the lookahead, the partition is parked as above. The partition is thus
 * fetched about once per lookahead rather than once per record.
 */
final class ParkedPartitions implements AutoCloseable {

	private final PartitionPauses pauses;

	private final Clock clock;

	private final ScheduledThreadPoolExecutor timer;

	private final PartitionHolds<Parked> parked;

	private final Duration lookahead;

	private final int maxWaiting;

	private final AtomicInteger waiting = new AtomicInteger();

	/** With no waiting in memory: every early record parks its partition. */
	ParkedPartitions(PartitionPauses pauses, Clock clock) {
		this(pauses, clock, Duration.ZERO, 0);
	}

	/**
	 * @param lookahead how far ahead of its due time a record may wait in memory
	 * @param maxWaiting records that may wait in memory at once
	 */
	ParkedPartitions(PartitionPauses pauses, Clock clock, Duration lookahead, int maxWaiting) {
		this.lookahead = lookahead;
		this.maxWaiting = maxWaiting;
		this.pauses = pauses;
		this.parked = new PartitionHolds<>(pauses, PartitionPauses.Reason.NOT_DUE);
		this.clock = clock;
		this.timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("hookline-worker-due-times"));
		this.timer.setRemoveOnCancelPolicy(true);
	}

	/**
	 * Whether to skip a record because it follows the parked record of its partition in
	 * the poll that parked it; on the consumer thread, before anything else is done with
	 * the record.
	 */
	boolean holdsBack(TopicPartition partition, long offset, Consumer<?, ?> consumer) {
		return this.parked.holdsBack(partition, offset, consumer);
	}

	/**
	 * Parks the record's partition if the record is not due yet; on the consumer thread.
	 * @return whether it was parked, so is not to be processed
	 */
	boolean parkIfEarly(TopicPartition partition, long offset, Instant dueAt, Consumer<?, ?> consumer) {
		Duration early = Duration.between(this.clock.instant(), dueAt);
		if (early.isNegative() || early.isZero()) {
			return false;
		}
		park(partition, offset, early, consumer);
		return true;
	}

	private void park(TopicPartition partition, long offset, Duration early, Consumer<?, ?> consumer) {
		Parked parked = new Parked(offset);
		this.parked.holdIf(partition, parked, consumer, () -> true);
		// whole milliseconds, rounded up: the timer's clock is not the wall clock the due
		// time was set on, and waking up early would only park the record again
		long millis = (early.toNanos() + 999_999) / 1_000_000;
		parked.wakeUp = this.timer.schedule(() -> this.parked.resume(partition, parked), millis, TimeUnit.MILLISECONDS);
	}

	/**
	 * Decides what becomes of a record that may not be due yet; on the consumer thread.
	 * @return zero when the record is due; how long it is to wait in memory when it is
	 * due within the lookahead and a place to wait is free (the caller gives the place
	 * back with {@link #waitEnded()}); null when its partition was parked instead, so the
	 * record is not to be processed
	 */
	@Nullable Duration waitOrPark(TopicPartition partition, long offset, Instant dueAt, Consumer<?, ?> consumer) {
		Duration early = Duration.between(this.clock.instant(), dueAt);
		if (early.isNegative() || early.isZero()) {
			return Duration.ZERO;
		}
		if (early.compareTo(this.lookahead) <= 0 && takeWaitingPlace()) {
			return early;
		}
		park(partition, offset, early, consumer);
		return null;
	}

	private boolean takeWaitingPlace() {
		int now;
		do {
			now = this.waiting.get();
			if (now >= this.maxWaiting) {
				return false;
			}
		}
		while (!this.waiting.compareAndSet(now, now + 1));
		return true;
	}

	/** A record that waited in memory is due, or is not to be processed after all. */
	void waitEnded() {
		this.waiting.decrementAndGet();
	}

	/** Records waiting in memory for their due time now. */
	int waiting() {
		return this.waiting.get();
	}

	/**
	 * Forgets what was parked on these partitions and asks for them to be resumed; when
	 * they are assigned, revoked or lost.
	 */
	void reset(Collection<TopicPartition> partitions) {
		this.parked.drop(partitions);
		// every reason, not only NOT_DUE: a newly assigned partition is resumed
		// explicitly
		for (TopicPartition partition : partitions) {
			this.pauses.clear(partition);
		}
	}

	/** Partitions parked now. */
	int count() {
		return this.parked.count();
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}

	/** The parked record of a partition, and the timer task that resumes it. */
	private static final class Parked implements PartitionHolds.Hold {

		private final long offset;

		volatile @Nullable ScheduledFuture<?> wakeUp;

		Parked(long offset) {
			this.offset = offset;
		}

		@Override
		public long offset() {
			return this.offset;
		}

		@Override
		public void cancel() {
			ScheduledFuture<?> task = this.wakeUp;
			if (task != null) {
				task.cancel(false);
			}
		}

	}

}
