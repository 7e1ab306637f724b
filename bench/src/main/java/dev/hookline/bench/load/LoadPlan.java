package dev.hookline.bench.load;

import java.time.Duration;

/**
 * The fixed schedule of an {@link OpenLoop}: send {@code i} is intended at
 * {@code start + i / ratePerSecond}.
 *
 * @param ratePerSecond sends per second, positive
 * @param count how many sends in all
 * @param maxOutstanding how many sends may be unfinished at once; when reached, the
 * schedule waits for capacity and the sends that fall due meanwhile are issued late,
 * keeping their intended time
 * @param drainTimeout how long to wait, after the last send, for the unfinished ones
 */
public record LoadPlan(double ratePerSecond, long count, int maxOutstanding, Duration drainTimeout) {

	/** The drain timeout when none is given. */
	public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

	public LoadPlan {
		if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
			throw new IllegalArgumentException("rate must be positive and finite: " + ratePerSecond);
		}
		if (count < 0) {
			throw new IllegalArgumentException("count must not be negative: " + count);
		}
		if (maxOutstanding < 1) {
			throw new IllegalArgumentException("maxOutstanding must be at least 1: " + maxOutstanding);
		}
		if (drainTimeout.isNegative()) {
			throw new IllegalArgumentException("drainTimeout must not be negative: " + drainTimeout);
		}
	}

	/** A plan of {@code count} sends. */
	public static LoadPlan ofCount(double ratePerSecond, long count, int maxOutstanding) {
		return new LoadPlan(ratePerSecond, count, maxOutstanding, DEFAULT_DRAIN_TIMEOUT);
	}

	/** A plan that sends for {@code duration}: {@code floor(rate × seconds)} sends. */
	public static LoadPlan ofDuration(double ratePerSecond, Duration duration, int maxOutstanding) {
		long count = (long) Math.floor(ratePerSecond * duration.toNanos() / 1e9);
		return new LoadPlan(ratePerSecond, count, maxOutstanding, DEFAULT_DRAIN_TIMEOUT);
	}

	/** This plan with another drain timeout. */
	public LoadPlan withDrainTimeout(Duration timeout) {
		return new LoadPlan(this.ratePerSecond, this.count, this.maxOutstanding, timeout);
	}

	/** When send {@code seq} is intended, in nanoseconds after the start. */
	long offsetNanos(long seq) {
		return Math.round(seq * 1e9 / this.ratePerSecond);
	}

}
