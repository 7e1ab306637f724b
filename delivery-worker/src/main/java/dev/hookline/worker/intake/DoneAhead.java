package dev.hookline.worker.intake;

import java.util.Arrays;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of a partition whose outcome is durable beyond its committed offset,
 * carried in that offset's metadata, so that the partition's next reader (another worker
 * after a rebalance or a death, this one after an aborted transaction) does not send them
 * again.
 *
 * <p>
 * A partition's committed offset cannot pass a delivery still in flight, or one given up
 * before its request (waiting for its due time, its rate limit or an endpoint slot) when
 * the partition moves; every delivery finished behind it used to be sent again by the
 * next owner. The transaction that commits the offset also commits these records'
 * outcomes, so the metadata says no more than what is durable; a reader that commits
 * before it reached the records an earlier one did carries those ranges on
 * ({@link #carryBeyond}). It reads {@code done:3-14,16,20-41}: offsets relative to the
 * committed one, inclusive ranges. It stays under {@link #MAX_LENGTH} characters, well
 * below the broker's {@code offset.metadata.max.bytes} (4,096 by default), which would
 * refuse the whole transaction; ranges beyond it are left out, and those deliveries are
 * sent again.
 */
final class DoneAhead {

	private static final Logger log = LoggerFactory.getLogger(DoneAhead.class);

	static final String PREFIX = "done:";

	static final int MAX_LENGTH = 1000;

	static final DoneAhead NONE = new DoneAhead(new long[0]);

	/** Inclusive ranges of absolute offsets, ascending: from, to, from, to… */
	private final long[] bounds;

	private DoneAhead(long[] bounds) {
		this.bounds = bounds;
	}

	/**
	 * What a committed offset's metadata says; nothing when it holds nothing this class
	 * wrote (no offset committed, or metadata from another tool).
	 */
	static DoneAhead read(@Nullable OffsetAndMetadata committed) {
		if (committed == null || committed.metadata() == null || !committed.metadata().startsWith(PREFIX)
				|| committed.metadata().length() == PREFIX.length()) {
			return NONE;
		}
		try {
			String[] ranges = committed.metadata().substring(PREFIX.length()).split(",");
			long[] bounds = new long[ranges.length * 2];
			long previous = -1;
			for (int i = 0; i < ranges.length; i++) {
				int dash = ranges[i].indexOf('-');
				long from = Long.parseLong((dash < 0) ? ranges[i] : ranges[i].substring(0, dash));
				long to = (dash < 0) ? from : Long.parseLong(ranges[i].substring(dash + 1));
				if (from <= previous || to < from) {
					throw new NumberFormatException("ranges out of order at " + ranges[i]);
				}
				bounds[2 * i] = committed.offset() + from;
				bounds[2 * i + 1] = committed.offset() + to;
				previous = to;
			}
			return new DoneAhead(bounds);
		}
		catch (NumberFormatException ex) {
			log.warn("ignoring the metadata of committed offset {}, which is not a list of done records: {}",
					committed.offset(), ex.getMessage());
			return NONE;
		}
	}

	boolean isEmpty() {
		return this.bounds.length == 0;
	}

	/** Whether the record at this offset was done. */
	boolean contains(long offset) {
		int at = Arrays.binarySearch(this.bounds, offset);
		// found: a bound itself; not found: inside a range when the insertion point
		// falls between a from (even index) and its to
		return at >= 0 || (-at - 1) % 2 == 1;
	}

	/** The last offset done; no record after it is. */
	long last() {
		return this.bounds[this.bounds.length - 1];
	}

	/**
	 * Writes the ranges, or their parts, after {@code offset} into {@code writer}: what
	 * an earlier reader made durable and this one has not read yet.
	 */
	void carryBeyond(long offset, Writer writer) {
		for (int i = 0; i < this.bounds.length; i += 2) {
			if (this.bounds[i + 1] > offset) {
				writer.doneRange(Math.max(this.bounds[i], offset + 1), this.bounds[i + 1]);
			}
		}
	}

	/**
	 * Writes the metadata of a committed offset from the records after it, in offset
	 * order: runs of done records become ranges, until {@link #MAX_LENGTH}.
	 */
	static final class Writer {

		private final long base;

		private final StringBuilder text = new StringBuilder(PREFIX);

		private long runFrom = -1;

		private long runTo;

		private long runRecords;

		private long carried;

		private boolean full;

		/**
		 * @param base the offset committed with this metadata
		 */
		Writer(long base) {
			this.base = base;
		}

		/** The next record, in offset order, is done. */
		void done(long offset) {
			if (this.runFrom < 0) {
				this.runFrom = offset;
			}
			this.runTo = offset;
			this.runRecords++;
		}

		/** The next record, in offset order, is not done. */
		void notDone() {
			endRun();
		}

		/**
		 * Every record from {@code from} to {@code to}, after those written so far, is
		 * done (an earlier reader's, not read yet: not {@link #carried() counted}).
		 */
		void doneRange(long from, long to) {
			endRun();
			this.runFrom = from;
			this.runTo = to;
			endRun();
		}

		/** The metadata: empty when no record after the base is done. */
		String metadata() {
			endRun();
			return (this.text.length() == PREFIX.length()) ? "" : this.text.toString();
		}

		/** How many done records the metadata carries. */
		long carried() {
			return this.carried;
		}

		private void endRun() {
			if (this.runFrom >= 0 && !this.full) {
				long from = this.runFrom - this.base;
				long to = this.runTo - this.base;
				String range = (from == to) ? Long.toString(from) : from + "-" + to;
				int separator = (this.text.length() == PREFIX.length()) ? 0 : 1;
				if (this.text.length() + separator + range.length() > MAX_LENGTH) {
					this.full = true;
				}
				else {
					this.text.append((separator == 0) ? "" : ",").append(range);
					this.carried += this.runRecords;
				}
			}
			this.runFrom = -1;
			this.runRecords = 0;
		}

	}

}
