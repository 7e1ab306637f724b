package dev.hookline.worker.endpoint;

/**
 * How many requests an endpoint may have in flight after its circuit closed again: one at
 * first, then twice as many each time as many requests as the limit allows have succeeded
 * (1, 2, 4, … successes), until the limit reaches max-concurrency and the slow start is
 * over. So an endpoint that has just recovered gets traffic back gradually, never the
 * whole backlog at once. Failures do not set the count back: they are the circuit
 * breaker's to judge, by their rate, and an endpoint failing now and then still gets back
 * to full speed.
 *
 * <p>
 * Not safe for concurrent use: guarded by its {@link Endpoint}.
 */
final class SlowStart {

	private final int maxConcurrency;

	/** The current limit, 0 when no slow start is going on. */
	private int limit;

	private int successes;

	SlowStart(int maxConcurrency) {
		this.maxConcurrency = maxConcurrency;
	}

	/** The circuit just closed. */
	void start() {
		this.limit = (this.maxConcurrency > 1) ? 1 : 0;
		this.successes = 0;
	}

	/** The circuit opened: the next slow start begins afresh. */
	void stop() {
		this.limit = 0;
		this.successes = 0;
	}

	boolean active() {
		return this.limit > 0;
	}

	/** Requests allowed in flight now. */
	int limit() {
		return active() ? this.limit : this.maxConcurrency;
	}

	/**
	 * A request during the slow start succeeded.
	 * @return whether that ended the slow start
	 */
	boolean succeeded() {
		if (!active() || ++this.successes < this.limit) {
			return false;
		}
		this.successes = 0;
		this.limit *= 2;
		if (this.limit >= this.maxConcurrency) {
			this.limit = 0;
			return true;
		}
		return false;
	}

}
