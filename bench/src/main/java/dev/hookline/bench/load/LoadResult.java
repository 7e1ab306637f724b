package dev.hookline.bench.load;

import java.time.Duration;

import org.HdrHistogram.Histogram;

/**
 * What an {@link OpenLoop} run measured.
 *
 * @param sent sends issued
 * @param completed sends that completed normally
 * @param failed sends that completed exceptionally or threw
 * @param maxLag the furthest behind schedule a send was issued (waiting for capacity, or
 * a scheduler that could not keep up)
 * @param capWaits how many times the schedule had to wait because {@code maxOutstanding}
 * sends were unfinished (the sends that fell due meanwhile then went out late)
 * @param latencyMicros latency of the completed sends from their INTENDED time to
 * completion, in microseconds (a copy the caller owns)
 */
public record LoadResult(long sent, long completed, long failed, Duration maxLag, long capWaits,
		Histogram latencyMicros) {

	/** Sends still unfinished when the drain timeout ran out. */
	public long unfinished() {
		return this.sent - this.completed - this.failed;
	}

	/** The latency percentiles in milliseconds. */
	public LatencySummary latency() {
		return LatencySummary.of(this.latencyMicros);
	}

}
