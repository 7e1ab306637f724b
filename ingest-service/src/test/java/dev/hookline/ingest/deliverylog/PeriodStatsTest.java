package dev.hookline.ingest.deliverylog;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A period's attempts: counts, success rate, latency percentiles within about 10 %, and
 * an encoding that reads back the same.
 */
class PeriodStatsTest {

	@Test
	void countsAttemptsBySuccessAndLeavesOutThoseThatSentNothing() {
		PeriodStats stats = new PeriodStats().add(attempt(200, 40, "done"))
			.add(attempt(500, 90, "hookline.deliveries.retry.1m"))
			.add(attempt(null, 15_000, "hookline.deliveries.retry.5m"))
			.add(attempt(null, 0, "dropped"));

		assertThat(stats.attempts()).isEqualTo(3);
		assertThat(stats.succeeded()).isEqualTo(1);
		assertThat(stats.failed()).isEqualTo(2);
		assertThat(stats.successRate()).isCloseTo(1.0 / 3, within(1e-9));
		assertThat(new PeriodStats().successRate()).isNull();
		assertThat(new PeriodStats().latency(0.5)).isNull();
	}

	@Test
	void percentilesAreWithinTenPercentOfTheTrueLatency() {
		PeriodStats stats = new PeriodStats();
		for (int ms = 1; ms <= 1000; ms++) {
			stats.add(attempt(200, ms, "done"));
		}

		assertThat(stats.latency(0.5)).isCloseTo(500L, within(50L));
		assertThat(stats.latency(0.95)).isCloseTo(950L, within(95L));
		assertThat(stats.latency(0.99)).isCloseTo(990L, within(99L));
	}

	@Test
	void aVerySlowAttemptLandsInTheLastBucket() {
		assertThat(PeriodStats.bucket(0)).isZero();
		assertThat(PeriodStats.bucket(1)).isEqualTo(1);
		assertThat(PeriodStats.bucket(Long.MAX_VALUE)).isEqualTo(PeriodStats.BUCKETS - 1);
	}

	@Test
	void anEntryReadsBackTheSameAndMergesWithOthers() {
		PeriodStats one = new PeriodStats().add(attempt(200, 12, "done")).add(attempt(503, 3_000, "dlq"));
		PeriodStats two = new PeriodStats().add(attempt(200, 300, "done"));

		byte[] encoded = one.encode();
		PeriodStats read = PeriodStats.decode(encoded);
		assertThat(encoded.length).as("a few bytes, not kilobytes").isLessThan(16);
		assertThat(read.attempts()).isEqualTo(2);
		assertThat(read.latency(0.99)).isEqualTo(one.latency(0.99));

		PeriodStats merged = read.add(two);
		assertThat(merged.attempts()).isEqualTo(3);
		assertThat(merged.succeeded()).isEqualTo(2);
		assertThat(merged.latency(0.5)).isCloseTo(300L, within(30L));
	}

	private static LoggedAttempt attempt(Integer status, long latencyMs, String nextAction) {
		return new LoggedAttempt("msg_1", "evt_1", "order.created", 1, Instant.EPOCH, status, null, latencyMs, null,
				"sha", nextAction, null);
	}

}
