package dev.hookline.worker.intake;

import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * The commit bookkeeping of one partition for as long as this worker owns it (or until it
 * reads the partition again after an aborted transaction): which received records are
 * still in flight, and how far the committed offset may move.
 *
 * <p>
 * Records are registered in the order the consumer returned them ({@link #begin}) and
 * completed in any order ({@link #complete}), once their outcome is durable. Only when
 * the oldest uncompleted record completes does the contiguous run of completed records
 * behind it become committable, so {@link #committable()} never passes a record still in
 * flight. Gaps in offsets (transaction markers, aborted records) do not matter: progress
 * counts records, and the committable offset is the one after the last completed record.
 * The records completed beyond it go into its metadata ({@link DoneAhead}), so that the
 * partition's next reader does not send them again.
 *
 * <p>
 * A partition with {@code maxUncommitted} records behind its head is paused until the
 * head moves and half of them are committable. After {@link #retire()} (the partition was
 * revoked or lost, or a transaction aborted) nothing becomes committable any more.
 *
 * <p>
 * When the partition is being revoked, {@link #stopStarting()} lets the requests already
 * sent finish but no new one start ({@link #mayStart()}): a delivery that had not sent
 * its request yet is {@link #abandon abandoned}, which the drain does not wait for and
 * the committable offset never passes, so the next owner sends it, and no two workers
 * ever send to one endpoint at once; what completed behind it, the next owner skips.
 */
final class PartitionProgress {

	private static final int INITIAL_CAPACITY = 64;

	private final TopicPartition partition;

	private final int maxUncommitted;

	private final FlowControl flow;

	private static final byte PENDING = 0;

	private static final byte DONE = 1;

	private static final byte ABANDONED = 2;

	/** Ring of entries by sequence number: what became of each, and its offset. */
	private byte[] states = new byte[INITIAL_CAPACITY];

	private long[] offsets = new long[INITIAL_CAPACITY];

	/** Sequence number of the oldest entry not yet committable. */
	private long head;

	/** Sequence number the next entry gets. */
	private long tail;

	/** The offset to commit: after the last record of the completed run. */
	private long committable;

	/** Entries neither done nor abandoned. */
	private long pending;

	/** The offset of the last record registered, or the one before the start. */
	private long lastBegun;

	/**
	 * What the committed offset's metadata said was done beyond it when reading started:
	 * carried on for the records not read yet.
	 */
	private final DoneAhead inherited;

	private boolean paused;

	private volatile boolean retired;

	private volatile boolean stopping;

	/**
	 * @param startOffset where the consumer starts reading the partition: its committed
	 * offset
	 */
	PartitionProgress(TopicPartition partition, long startOffset, int maxUncommitted, FlowControl flow) {
		this(partition, startOffset, maxUncommitted, flow, DoneAhead.NONE);
	}

	/**
	 * @param inherited what the metadata of the committed offset reading starts at said
	 * was done beyond it; carried on in the offsets this progress commits until the
	 * records are read (and counted done at once by the reader)
	 */
	PartitionProgress(TopicPartition partition, long startOffset, int maxUncommitted, FlowControl flow,
			DoneAhead inherited) {
		this.partition = partition;
		this.committable = startOffset;
		this.lastBegun = startOffset - 1;
		this.inherited = inherited;
		this.maxUncommitted = maxUncommitted;
		this.flow = flow;
	}

	/**
	 * Registers the next record of the partition; returns its sequence number.
	 * @param offset the record's offset
	 */
	synchronized long begin(long offset) {
		if (this.tail - this.head == this.states.length) {
			grow();
		}
		int slot = slot(this.tail);
		this.offsets[slot] = offset;
		this.lastBegun = offset;
		this.states[slot] = PENDING;
		this.pending++;
		long sequence = this.tail++;
		if (!this.paused && !this.retired && uncommitted() >= this.maxUncommitted) {
			this.paused = true;
			this.flow.pause(this.partition);
		}
		return sequence;
	}

	/** Marks a record's outcome durable; moves the committable offset if it can. */
	synchronized void complete(long sequence) {
		if (!settle(sequence, DONE)) {
			return;
		}
		if (sequence == this.head) {
			advance();
		}
	}

	/**
	 * A record was given up without a request, because the partition is being revoked:
	 * the committable offset stops before it, and the drain no longer waits for it.
	 */
	synchronized void abandon(long sequence) {
		if (settle(sequence, ABANDONED) && this.pending == 0) {
			notifyAll();
		}
	}

	private boolean settle(long sequence, byte state) {
		if (this.retired || sequence < this.head || sequence >= this.tail || this.states[slot(sequence)] != PENDING) {
			return false;
		}
		this.states[slot(sequence)] = state;
		this.pending--;
		return true;
	}

	private void advance() {
		while (this.head < this.tail && this.states[slot(this.head)] == DONE) {
			int slot = slot(this.head);
			this.committable = this.offsets[slot] + 1;
			this.head++;
		}
		if (this.paused && uncommitted() <= this.maxUncommitted / 2) {
			this.paused = false;
			this.flow.resume(this.partition);
		}
		if (this.pending == 0) {
			notifyAll();
		}
	}

	/**
	 * The offset to commit now: the one after the last record whose outcome, and that of
	 * every record before it, is durable; -1 once retired.
	 */
	synchronized long committable() {
		return this.retired ? -1 : this.committable;
	}

	/**
	 * What to commit now: the committable offset, with the records completed beyond it in
	 * its metadata ({@link DoneAhead}); null once retired.
	 */
	synchronized @Nullable OffsetAndMetadata toCommit() {
		if (this.retired) {
			return null;
		}
		return new OffsetAndMetadata(this.committable, doneAhead().metadata());
	}

	/**
	 * Records completed behind one still in flight or abandoned that the metadata of the
	 * committed offset does not carry (beyond {@link DoneAhead#MAX_LENGTH}): the next
	 * owner of the partition sends them again.
	 */
	synchronized long doneNotCarried() {
		DoneAhead.Writer writer = doneAhead();
		writer.metadata();
		return doneBehind() - writer.carried();
	}

	private DoneAhead.Writer doneAhead() {
		DoneAhead.Writer writer = new DoneAhead.Writer(this.committable);
		for (long sequence = this.head; sequence < this.tail; sequence++) {
			int slot = slot(sequence);
			if (this.states[slot] == DONE) {
				writer.done(this.offsets[slot]);
			}
			else {
				writer.notDone();
			}
		}
		this.inherited.carryBeyond(this.lastBegun, writer);
		return writer;
	}

	/**
	 * Waits until every registered record completed or was abandoned, the partition was
	 * retired, or the deadline passed.
	 * @return whether nothing is left in flight
	 */
	synchronized boolean awaitDrained(long deadlineNanos) throws InterruptedException {
		while (!this.retired && this.pending > 0) {
			long left = deadlineNanos - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			TimeUnit.NANOSECONDS.timedWait(this, left);
		}
		return this.pending == 0;
	}

	/**
	 * The partition is being revoked: requests already sent finish, no new one starts.
	 */
	void stopStarting() {
		this.stopping = true;
	}

	/** Whether a delivery of this partition may send its request now. */
	boolean mayStart() {
		return !this.retired && !this.stopping;
	}

	/**
	 * The partition is no longer read this way: nothing more is committable; lift our
	 * pause.
	 */
	synchronized void retire() {
		this.retired = true;
		if (this.paused) {
			this.paused = false;
			this.flow.resume(this.partition);
		}
		notifyAll();
	}

	/**
	 * Whether this worker still owns the partition as this progress reads it; readable
	 * without the lock.
	 */
	boolean isActive() {
		return !this.retired;
	}

	/**
	 * Records whose outcome is durable but not committable, behind one still in flight or
	 * abandoned.
	 */
	synchronized long doneBehind() {
		long done = 0;
		for (long sequence = this.head; sequence < this.tail; sequence++) {
			if (this.states[slot(sequence)] == DONE) {
				done++;
			}
		}
		return done;
	}

	/** Records received and not yet committable. */
	synchronized long uncommitted() {
		return this.tail - this.head;
	}

	TopicPartition partition() {
		return this.partition;
	}

	private int slot(long sequence) {
		return (int) (sequence & (this.states.length - 1));
	}

	private void grow() {
		int capacity = this.states.length * 2;
		byte[] grownStates = new byte[capacity];
		long[] grownOffsets = new long[capacity];
		for (long sequence = this.head; sequence < this.tail; sequence++) {
			int from = slot(sequence);
			int to = (int) (sequence & (capacity - 1));
			grownStates[to] = this.states[from];
			grownOffsets[to] = this.offsets[from];
		}
		this.states = grownStates;
		this.offsets = grownOffsets;
	}

}
