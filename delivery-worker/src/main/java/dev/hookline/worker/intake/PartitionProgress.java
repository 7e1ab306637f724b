package dev.hookline.worker.intake;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.Acknowledgment;

/**
 * The commit bookkeeping of one partition for as long as this worker owns it: which
 * received records are still in flight, and how far the committed offset may move.
 *
 * <p>
 * Records are registered in the order the consumer returned them ({@link #begin}) and
 * completed in any order ({@link #complete}), once their outcome is durable. Only when
 * the oldest uncompleted record completes does the contiguous run of completed records
 * behind it become committable, and then only the last record of that run is
 * acknowledged, so acknowledgments reach the container in offset order and the committed
 * offset never passes a record still in flight. Gaps in offsets (transaction markers,
 * aborted records) do not matter: progress counts records, not offsets.
 *
 * <p>
 * To keep memory bounded while a slow record holds back the ones behind it, a completed
 * record keeps its acknowledgment (and with it the record) only while it ends a completed
 * run; and a partition with {@code maxUncommitted} records behind its head is paused
 * until the head moves and half of them are committable. After {@link #retire()} (the
 * partition was revoked or lost) nothing is acknowledged any more.
 *
 * <p>
 * The offset of the last acknowledged record is kept ({@link #lastAcknowledged()}), so
 * that it can be committed again when a commit may have failed: spring-kafka drops the
 * offsets of a failed commit, and a partition that receives nothing more would otherwise
 * keep its stale committed offset and send its last deliveries again after the next
 * rebalance or restart.
 */
final class PartitionProgress {

	private static final int INITIAL_CAPACITY = 64;

	private final TopicPartition partition;

	private final int maxUncommitted;

	private final FlowControl flow;

	/** Ring of entries by sequence number: the acknowledgment still needed, if any. */
	private @Nullable Acknowledgment[] acks = new Acknowledgment[INITIAL_CAPACITY];

	private boolean[] done = new boolean[INITIAL_CAPACITY];

	private long[] offsets = new long[INITIAL_CAPACITY];

	/** Sequence number of the oldest entry not yet acknowledged. */
	private long head;

	/** Sequence number the next entry gets. */
	private long tail;

	private boolean paused;

	/** The offset of the last record acknowledged, -1 before the first. */
	private long lastAcknowledged = -1;

	private volatile boolean retired;

	PartitionProgress(TopicPartition partition, int maxUncommitted, FlowControl flow) {
		this.partition = partition;
		this.maxUncommitted = maxUncommitted;
		this.flow = flow;
	}

	/**
	 * Registers the next record of the partition; returns its sequence number.
	 * @param offset the record's offset
	 */
	synchronized long begin(Acknowledgment ack, long offset) {
		if (this.tail - this.head == this.acks.length) {
			grow();
		}
		int slot = slot(this.tail);
		this.acks[slot] = ack;
		this.offsets[slot] = offset;
		this.done[slot] = false;
		long sequence = this.tail++;
		if (!this.paused && !this.retired && uncommitted() >= this.maxUncommitted) {
			this.paused = true;
			this.flow.pause(this.partition);
		}
		return sequence;
	}

	/** Marks a record's outcome durable; acknowledges what became committable. */
	synchronized void complete(long sequence) {
		if (this.retired || sequence < this.head || sequence >= this.tail) {
			return;
		}
		int slot = slot(sequence);
		this.done[slot] = true;
		if (sequence > this.head && this.done[slot(sequence - 1)]) {
			this.acks[slot(sequence - 1)] = null;
		}
		if (sequence + 1 < this.tail && this.done[slot(sequence + 1)]) {
			this.acks[slot] = null;
		}
		if (sequence == this.head) {
			advance();
		}
	}

	private void advance() {
		Acknowledgment runEnd = null;
		while (this.head < this.tail && this.done[slot(this.head)]) {
			int slot = slot(this.head);
			if (this.acks[slot] != null) {
				runEnd = this.acks[slot];
				this.lastAcknowledged = this.offsets[slot];
			}
			this.acks[slot] = null;
			this.done[slot] = false;
			this.head++;
		}
		if (runEnd != null) {
			runEnd.acknowledge();
		}
		if (this.paused && uncommitted() <= this.maxUncommitted / 2) {
			this.paused = false;
			this.flow.resume(this.partition);
		}
		if (this.head == this.tail) {
			notifyAll();
		}
	}

	/**
	 * Waits until every registered record completed, the partition was retired, or the
	 * deadline passed.
	 * @return whether nothing is left in flight
	 */
	synchronized boolean awaitDrained(long deadlineNanos) throws InterruptedException {
		while (!this.retired && this.head < this.tail) {
			long left = deadlineNanos - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			TimeUnit.NANOSECONDS.timedWait(this, left);
		}
		return this.head == this.tail;
	}

	/**
	 * The offset of the last record acknowledged, the newest this partition may commit;
	 * -1 when none was, or the partition was retired.
	 */
	synchronized long lastAcknowledged() {
		return this.retired ? -1 : this.lastAcknowledged;
	}

	/** The partition is no longer ours: acknowledge nothing more, lift our pause. */
	synchronized void retire() {
		this.retired = true;
		Arrays.fill(this.acks, null);
		if (this.paused) {
			this.paused = false;
			this.flow.resume(this.partition);
		}
		notifyAll();
	}

	/** Whether this worker still owns the partition; readable without the lock. */
	boolean isActive() {
		return !this.retired;
	}

	/** Records received and not yet committable. */
	synchronized long uncommitted() {
		return this.tail - this.head;
	}

	TopicPartition partition() {
		return this.partition;
	}

	private int slot(long sequence) {
		return (int) (sequence & (this.acks.length - 1));
	}

	private void grow() {
		int capacity = this.acks.length * 2;
		@Nullable Acknowledgment[] grownAcks = new Acknowledgment[capacity];
		boolean[] grownDone = new boolean[capacity];
		long[] grownOffsets = new long[capacity];
		for (long sequence = this.head; sequence < this.tail; sequence++) {
			int from = slot(sequence);
			int to = (int) (sequence & (capacity - 1));
			grownAcks[to] = this.acks[from];
			grownDone[to] = this.done[from];
			grownOffsets[to] = this.offsets[from];
		}
		this.acks = grownAcks;
		this.done = grownDone;
		this.offsets = grownOffsets;
	}

}
