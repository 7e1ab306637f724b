package dev.hookline.ingest.deliverylog;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The range and step of {@code GET /v1/subscriptions/{id}/stats}, parsed from its query
 * parameters. A malformed or out-of-range parameter fails with a 400 naming it.
 *
 * @param from the first bucket's start, a multiple of the step since the epoch
 * @param to the end of the range (exclusive)
 * @param step each bucket's length, whole minutes
 */
record AnalyticsQuery(Instant from, Instant to, Duration step) {

	/** The most buckets in one answer. */
	static final int MAX_BUCKETS = 1440;

	/** The longest range a step under an hour may cover (it reads minute entries). */
	static final Duration MINUTES_RANGE = Duration.ofDays(2);

	private static final Pattern STEP = Pattern.compile("([1-9][0-9]{0,4})([mhd])");

	static AnalyticsQuery parse(@Nullable String from, @Nullable String to, @Nullable String step, Instant now) {
		Instant end = (to != null) ? AttemptQuery.instant("to", to) : now;
		Instant start = (from != null) ? AttemptQuery.instant("from", from) : end.minus(Duration.ofDays(1));
		if (!end.isAfter(start)) {
			throw AttemptQuery.invalid("to", "must be later than 'from'");
		}
		Duration length = (step != null) ? step(step) : Duration.ofHours(1);
		long stepMillis = length.toMillis();
		Instant aligned = Instant.ofEpochMilli(Math.floorDiv(start.toEpochMilli(), stepMillis) * stepMillis);
		long buckets = (end.toEpochMilli() - aligned.toEpochMilli() + stepMillis - 1) / stepMillis;
		if (buckets > MAX_BUCKETS) {
			throw AttemptQuery.invalid("step", "makes " + buckets + " buckets of this range; at most " + MAX_BUCKETS
					+ ": take a longer step or a shorter range");
		}
		if (length.compareTo(Duration.ofHours(1)) < 0 && Duration.between(aligned, end).compareTo(MINUTES_RANGE) > 0) {
			throw AttemptQuery.invalid("step",
					"under 1h covers at most 2 days; take a step of 1h or more for a longer range");
		}
		return new AnalyticsQuery(aligned, end, length);
	}

	/** Whether the hour entries answer it: a step and a start of whole hours. */
	boolean hourly() {
		long hour = Duration.ofHours(1).toMillis();
		return this.step.toMillis() % hour == 0 && this.from.toEpochMilli() % hour == 0;
	}

	/**
	 * The step as the {@code step} parameter writes it: {@code 15m}, {@code 1h},
	 * {@code 1d}.
	 */
	String stepText() {
		long minutes = this.step.toMinutes();
		if (minutes % (24 * 60) == 0) {
			return (minutes / (24 * 60)) + "d";
		}
		return (minutes % 60 == 0) ? (minutes / 60) + "h" : minutes + "m";
	}

	int buckets() {
		long stepMillis = this.step.toMillis();
		return (int) ((this.to.toEpochMilli() - this.from.toEpochMilli() + stepMillis - 1) / stepMillis);
	}

	private static Duration step(String value) {
		Matcher matcher = STEP.matcher(value);
		if (!matcher.matches()) {
			throw AttemptQuery.invalid("step", "must be a whole number of minutes, hours or days: 1m, 5m, 1h, 1d");
		}
		long amount = Long.parseLong(matcher.group(1));
		return switch (matcher.group(2)) {
			case "m" -> Duration.ofMinutes(amount);
			case "h" -> Duration.ofHours(amount);
			default -> Duration.ofDays(amount);
		};
	}

}
