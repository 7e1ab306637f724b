package dev.hookline.ingest.deliverylog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /v1/subscriptions/{id}/stats} answers: the subscription's attempts per
 * bucket of time, and over the whole range.
 *
 * @param subscriptionId the subscription
 * @param from the first bucket's start
 * @param to the end of the range
 * @param step each bucket's length: {@code 15m}, {@code 1h}, {@code 1d}
 * @param total the whole range
 * @param buckets one per step, oldest first, empty ones included
 */
record Analytics(String subscriptionId, Instant from, Instant to, String step, Bucket total, List<Bucket> buckets) {

	/**
	 * One bucket of time.
	 *
	 * @param start its start
	 * @param attempts attempts that ended in it (those that sent nothing not counted)
	 * @param succeeded attempts answered 2xx
	 * @param failed the others: other statuses, timeouts, connection errors
	 * @param successRate succeeded / attempts, or null without attempts
	 * @param latencyMs latency percentiles, within about 10 %, or null without attempts
	 */
	record Bucket(Instant start, long attempts, long succeeded, long failed, @Nullable Double successRate,
			@Nullable Latency latencyMs) {

		/** One bucket per step of the query's range, oldest first, from its periods. */
		static List<Bucket> each(AnalyticsQuery query, PeriodStats[] periods) {
			List<Bucket> buckets = new ArrayList<>(periods.length);
			for (int i = 0; i < periods.length; i++) {
				buckets.add(of(query.from().plus(query.step().multipliedBy(i)), periods[i]));
			}
			return buckets;
		}

		static Bucket of(Instant start, PeriodStats stats) {
			Latency latency = (stats.attempts() == 0) ? null
					: new Latency(stats.latency(0.5), stats.latency(0.95), stats.latency(0.99));
			return new Bucket(start, stats.attempts(), stats.succeeded(), stats.failed(), stats.successRate(), latency);
		}

	}

	/**
	 * Latency percentiles in milliseconds.
	 *
	 * @param p50 the median
	 * @param p95 the 95th percentile
	 * @param p99 the 99th percentile
	 */
	record Latency(@Nullable Long p50, @Nullable Long p95, @Nullable Long p99) {

	}

}
