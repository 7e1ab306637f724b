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
 * The bounds are soft by at most one poll: records a poll already returned still reach
 * the listener after the pause ({@code max.poll.records} is capped at the count for that
 * reason). Nothing blocks: the consumer thread never waits for a permit, and releases
 * come from the threads that complete the deliveries, so the limiter cannot deadlock with
 * the consumer thread that processes commits.
 */
final class InFlightLimiter {

	private final int max;

	private final int resumeAt;

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
		this.resumeAt = (int) (max * 3L / 4);
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
		if (!this.paused && (this.inFlight >= this.max || this.bytes >= this.maxBytes)) {
			this.paused = true;
			this.flow.pauseIntake();
		}
	}

	/** A delivery finished, durably or not; called from any thread. */
	synchronized void release(int size) {
		this.inFlight--;
		this.bytes -= size;
		if (this.paused && this.inFlight <= this.resumeAt && this.bytes <= this.resumeAtBytes) {
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
