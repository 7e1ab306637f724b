package dev.hookline.worker.intake;

/**
 * Bounds the deliveries this worker has in flight (received and not yet durably
 * recorded), by count and by the bytes of their records, by pausing intake at either
 * bound and resuming it once both are back under three quarters; the gap keeps the
 * consumer from pausing and resuming on every completion.
 *
 * <p>
 * The count alone does not bound memory: 10,000 deliveries of 1 KB hold about 150 MB of
 * heap, 10,000 of 16 KB several times the worker's heap (each in-flight delivery keeps
 * its record and its decoded body until its attempt is durable). The byte bound holds
 * large bodies to fewer deliveries in flight.
 *
 * <p>
 * The count's bound can be lowered below its maximum while memory is short
 * ({@link GcPressure}): {@link #lower()} halves it, down to a floor, and {@link #raise()}
 * gives back an eighth at a time. Intake pauses at the bound in force and resumes at
 * three quarters of it.
 *
 * <p>
 * The bounds are soft by at most one poll: records a poll already returned still reach
 * the listener after the pause ({@code max.poll.records} is capped at the count for that
 * reason). Nothing blocks: the consumer thread never waits for a permit, and releases
 * come from the threads that complete the deliveries, so the limiter cannot deadlock with
 * the consumer thread that processes commits.
 */
final class InFlightLimiter {

	/**
	 * The lowest bound {@link #lower()} sets: the few hundred deliveries a worker at full
	 * speed has in flight against fast endpoints (Little's law: thousands a second times
	 * tens of milliseconds), so that a short memory does not starve it.
	 */
	static final int FLOOR = 500;

	private final int max;

	private final int floor;

	private int limit;

	private final long maxBytes;

	private final long resumeAtBytes;

	private final FlowControl flow;

	private int inFlight;

	private long bytes;

	private boolean paused;

	/** Bounded by count only. */
	InFlightLimiter(int max, FlowControl flow) {
		this(max, Long.MAX_VALUE, flow);
	}

	/**
	 * @param max deliveries in flight at most
	 * @param maxBytes bytes of their records at most
	 */
	InFlightLimiter(int max, long maxBytes, FlowControl flow) {
		this.max = max;
		this.floor = Math.min(max, FLOOR);
		this.limit = max;
		this.maxBytes = maxBytes;
		this.resumeAtBytes = (maxBytes == Long.MAX_VALUE) ? maxBytes : maxBytes / 4 * 3;
		this.flow = flow;
	}

	/**
	 * A delivery starts; called on the consumer thread.
	 * @param size the bytes of its record, to be given back to {@link #release(int)}
	 */
	synchronized void acquire(int size) {
		this.inFlight++;
		this.bytes += size;
		pauseIfFull();
	}

	/** A delivery finished, durably or not; called from any thread. */
	synchronized void release(int size) {
		this.inFlight--;
		this.bytes -= size;
		resumeIfRoom();
	}

	/**
	 * Halves the count's bound, or brings it down to what is in flight if that is less,
	 * never under the floor; called while the worker is short of memory.
	 */
	synchronized void lower() {
		this.limit = Math.max(this.floor, Math.min(this.limit, this.inFlight) / 2);
		pauseIfFull();
	}

	/** Raises the count's bound by an eighth, up to its maximum. */
	synchronized void raise() {
		if (this.limit < this.max) {
			this.limit = (int) Math.min(this.max, this.limit + Math.max(1L, this.limit / 8L));
			resumeIfRoom();
		}
	}

	/** The count's bound in force. */
	synchronized int limit() {
		return this.limit;
	}

	private void pauseIfFull() {
		if (!this.paused && (this.inFlight >= this.limit || this.bytes >= this.maxBytes)) {
			this.paused = true;
			this.flow.pauseIntake();
		}
	}

	private void resumeIfRoom() {
		if (this.paused && this.inFlight <= this.limit * 3L / 4 && this.bytes <= this.resumeAtBytes) {
			this.paused = false;
			this.flow.resumeIntake();
		}
	}

	synchronized int inFlight() {
		return this.inFlight;
	}

	synchronized long bytes() {
		return this.bytes;
	}

}
