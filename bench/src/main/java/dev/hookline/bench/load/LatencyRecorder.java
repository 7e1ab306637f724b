package dev.hookline.bench.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A latency histogram in microseconds (1 µs to 1 h, 3 significant digits) that many
 * threads record into without locking, read as intervals or as a running total.
 *
 * <p>
 * Values outside the range are clamped to it (negative to 0, beyond 1 h to 1 h) rather
 * than thrown away, so that a pathological sample still shows in the maximum. Reading is
 * serialized; recording never waits for a reader.
 */
public final class LatencyRecorder {

	/** The largest value the histogram tracks: one hour in microseconds. */
	public static final long HIGHEST_MICROS = 3_600_000_000L;

	/** The precision of the histogram in significant decimal digits. */
	public static final int SIGNIFICANT_DIGITS = 3;

	private final Recorder recorder = new Recorder(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);

	private final Histogram total = newHistogram();

	private final Histogram sinceInterval = newHistogram();

	/** An empty histogram with this recorder's range and precision. */
	public static Histogram newHistogram() {
		return new Histogram(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
	}

	/** Records one latency in microseconds. */
	public void recordMicros(long micros) {
		this.recorder.recordValue(Math.max(0, Math.min(micros, HIGHEST_MICROS)));
	}

	/** Records one latency in nanoseconds (truncated to microseconds). */
	public void recordNanos(long nanos) {
		recordMicros(nanos / 1_000L);
	}

	/**
	 * What was recorded since the previous call (or since creation or {@link #reset()}):
	 * a new histogram the caller owns.
	 */
	public synchronized Histogram interval() {
		drain();
		Histogram interval = this.sinceInterval.copy();
		this.sinceInterval.reset();
		return interval;
	}

	/**
	 * Everything recorded since creation or {@link #reset()}: a copy the caller owns.
	 * Does not affect {@link #interval()}.
	 */
	public synchronized Histogram cumulative() {
		drain();
		return this.total.copy();
	}

	/** Forgets everything recorded so far. */
	public synchronized void reset() {
		this.recorder.reset();
		this.total.reset();
		this.sinceInterval.reset();
	}

	private void drain() {
		Histogram fresh = this.recorder.getIntervalHistogram();
		this.total.add(fresh);
		this.sinceInterval.add(fresh);
	}

}
