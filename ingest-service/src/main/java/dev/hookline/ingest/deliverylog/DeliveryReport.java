package dev.hookline.ingest.deliverylog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What {@code GET /v1/stats} answers: the tenant's delivery report, its attempts per
 * bucket of time over all its subscriptions, and each subscription's over the range.
 *
 * @param tenant the tenant
 * @param from the first bucket's start
 * @param to the end of the range
 * @param step each bucket's length
 * @param total the whole range, all subscriptions
 * @param buckets one per step, oldest first, empty ones included
 * @param subscriptions every subscription with an attempt in the range, the most failures
 * first, then the most attempts
 */
record DeliveryReport(String tenant, Instant from, Instant to, String step, Analytics.Bucket total,
		List<Analytics.Bucket> buckets, List<Row> subscriptions) {

	/** The order of {@link #subscriptions}. */
	private static final Comparator<Row> WORST_FIRST = Comparator.comparingLong((Row row) -> row.total().failed())
		.thenComparingLong(row -> row.total().attempts())
		.reversed()
		.thenComparing(Row::subscriptionId);

	/**
	 * One subscription's line of the report.
	 *
	 * @param subscriptionId the subscription
	 * @param url its endpoint
	 * @param total its attempts over the range
	 */
	record Row(String subscriptionId, String url, Analytics.Bucket total) {

	}

	/**
	 * What one instance adds up from the subscriptions it holds, as {@link PeriodStats}
	 * encodings, so that the latency percentiles of the whole come from the whole
	 * histograms rather than from each instance's percentiles.
	 *
	 * @param buckets the attempts of each bucket, oldest first
	 * @param subscriptions each subscription's attempts over the range, of those that had
	 * any
	 */
	record Part(List<byte[]> buckets, Map<String, byte[]> subscriptions) {

		static Part of(PeriodStats[] buckets, Map<String, PeriodStats> subscriptions) {
			List<byte[]> encoded = new ArrayList<>(buckets.length);
			for (PeriodStats bucket : buckets) {
				encoded.add(bucket.encode());
			}
			Map<String, byte[]> totals = new HashMap<>();
			subscriptions.forEach((id, stats) -> totals.put(id, stats.encode()));
			return new Part(encoded, totals);
		}

	}

	/**
	 * The report the instances' parts make together.
	 * @param urls each subscription's endpoint, by id
	 */
	static DeliveryReport of(String tenant, AnalyticsQuery query, List<Part> parts, Function<String, String> urls) {
		int count = query.buckets();
		PeriodStats[] buckets = PeriodStats.empty(count);
		PeriodStats total = new PeriodStats();
		Map<String, PeriodStats> subscriptions = new HashMap<>();
		for (Part part : parts) {
			for (int i = 0; i < count && i < part.buckets().size(); i++) {
				PeriodStats bucket = PeriodStats.decode(part.buckets().get(i));
				buckets[i].add(bucket);
				total.add(bucket);
			}
			part.subscriptions()
				.forEach((id, stats) -> subscriptions.computeIfAbsent(id, any -> new PeriodStats())
					.add(PeriodStats.decode(stats)));
		}
		List<Row> rows = subscriptions.entrySet()
			.stream()
			.map(entry -> new Row(entry.getKey(), urls.apply(entry.getKey()),
					Analytics.Bucket.of(query.from(), entry.getValue())))
			.sorted(WORST_FIRST)
			.toList();
		return new DeliveryReport(tenant, query.from(), query.to(), query.stepText(),
				Analytics.Bucket.of(query.from(), total), Analytics.Bucket.each(query, buckets), rows);
	}

}
