package dev.hookline.worker.intake;

/**
 * Bounds the deliveries this worker has in flight (received and not yet durably recorded)
 * by pausing intake at {@code max} and resuming it once a quarter of them finished; the
 * gap keeps the consumer from pausing and resuming on every completion.
 *
 * <p>
 * The bound is soft by at most one poll: records a poll already returned still reach the
 * listener after the pause ({@code max.poll.records} is capped at {@code max} for that
 * reason). Nothing blocks: the consumer thread never waits for a permit, and releases
 * come from the threads that complete the deliveries, so the limiter cannot deadlock with
 * the consumer thread that processes commits.
 */
final class InFlightLimiter {

	private final int max;

	private final int resumeAt;

	private final FlowControl flow;

	private int inFlight;

	private boolean paused;

	InFlightLimiter(int max, FlowControl flow) {
		this.max = max;
		this.resumeAt = (int) (max * 3L / 4);
		this.flow = flow;
	}

	/** A delivery starts; called on the consumer thread. */
	synchronized void acquire() {
		this.inFlight++;
		if (!this.paused && this.inFlight >= this.max) {
			this.paused = true;
			this.flow.pauseIntake();
		}
	}

	/** A delivery finished, durably or not; called from any thread. */
	synchronized void release() {
		this.inFlight--;
		if (this.paused && this.inFlight <= this.resumeAt) {
			this.paused = false;
			this.flow.resumeIntake();
		}
	}

	synchronized int inFlight() {
		return this.inFlight;
	}

}
