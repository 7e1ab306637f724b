package dev.hookline.bench.load;

/**
 * Where the load generator reads the time and waits for it, so that a test can run a
 * schedule on a fake clock.
 *
 * <p>
 * {@link #nanoTime()} is monotonic and only meaningful as a difference;
 * {@link #epochMicros()} is the wall clock, used to stamp intended send times that
 * another process compares with its own clock.
 */
public interface TimeSource {

	/** The system clocks: {@link System#nanoTime()} and the UTC wall clock. */
	static TimeSource system() {
		return SystemTimeSource.INSTANCE;
	}

	/** A monotonic reading in nanoseconds. */
	long nanoTime();

	/** The wall clock in microseconds since the epoch. */
	long epochMicros();

	/**
	 * Waits until {@link #nanoTime()} reaches the deadline. May return earlier (callers
	 * check again); returns at once when the deadline has passed.
	 * @param deadlineNanos a {@link #nanoTime()} reading
	 * @throws InterruptedException when the waiting thread is interrupted
	 */
	void parkUntil(long deadlineNanos) throws InterruptedException;

}
