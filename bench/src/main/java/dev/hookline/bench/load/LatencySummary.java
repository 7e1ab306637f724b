package dev.hookline.bench.load;

import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * The percentiles of a microsecond latency histogram, in milliseconds.
 *
 * @param count how many values were recorded
 * @param p50Ms the median
 * @param p99Ms the 99th percentile
 * @param p999Ms the 99.9th percentile
 * @param maxMs the largest value (to the histogram's precision)
 */
public record LatencySummary(long count, double p50Ms, double p99Ms, double p999Ms, double maxMs) {

	/** Summarizes a histogram of microseconds; all zeros when it is empty. */
	public static LatencySummary of(Histogram micros) {
		if (micros.getTotalCount() == 0) {
			return new LatencySummary(0, 0, 0, 0, 0);
		}
		return new LatencySummary(micros.getTotalCount(), millis(micros.getValueAtPercentile(50)),
				millis(micros.getValueAtPercentile(99)), millis(micros.getValueAtPercentile(99.9)),
				millis(micros.getMaxValue()));
	}

	private static double millis(long micros) {
		return micros / 1_000.0;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "n=%d p50=%.1fms p99=%.1fms p99.9=%.1fms max=%.1fms", this.count, this.p50Ms,
				this.p99Ms, this.p999Ms, this.maxMs);
	}

}
