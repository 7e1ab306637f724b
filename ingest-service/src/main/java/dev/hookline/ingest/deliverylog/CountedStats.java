package dev.hookline.ingest.deliverylog;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import dev.hookline.ingest.subscriptions.SubscriptionStats;
import dev.hookline.ingest.subscriptions.SubscriptionStats.LastStatus;
import org.jspecify.annotations.Nullable;

/**
 * One subscription's delivery counters as the history keeps them (the
 * {@value HistoryTopology#STATS} store, whose changelog every ingest instance reads):
 * deliveries by the state they are in now, per day the history first heard of them, so
 * that the days past the retention drop out of the counts as their deliveries drop out of
 * the history. Immutable.
 *
 * @param tenant the subscription's tenant
 * @param days per day (epoch day of the deliveries' first record), the counts
 * @param lastSuccessAt when an attempt last succeeded, or null
 * @param lastFailureAt when an attempt last failed, or null
 * @param lastStatus what the most recent counted attempt left its delivery in, or null
 * @param lastStatusAt when that attempt ended, or null
 */
record CountedStats(String tenant, Map<Long, Day> days, @Nullable Instant lastSuccessAt,
		@Nullable Instant lastFailureAt, @Nullable LastStatus lastStatus, @Nullable Instant lastStatusAt) {

	private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

	/**
	 * One day's counts.
	 *
	 * @param delivered deliveries that ended with a 2xx
	 * @param failing deliveries waiting in a retry tier
	 * @param deadLettered deliveries in the dead-letter topic
	 */
	record Day(long delivered, long failing, long deadLettered) {

		static final Day NONE = new Day(0, 0, 0);

		Day plus(LastStatus status, long change) {
			return switch (status) {
				case DELIVERED -> new Day(this.delivered + change, this.failing, this.deadLettered);
				case FAILING -> new Day(this.delivered, this.failing + change, this.deadLettered);
				case DEAD_LETTERED -> new Day(this.delivered, this.failing, this.deadLettered + change);
			};
		}

		boolean isEmpty() {
			return this.delivered == 0 && this.failing == 0 && this.deadLettered == 0;
		}

	}

	static CountedStats empty(String tenant) {
		return new CountedStats(tenant, Map.of(), null, null, null, null);
	}

	/**
	 * With one delivery moved from one counted state to another (null: not counted),
	 * forgetting the days older than {@code retention} before {@code now}.
	 */
	CountedStats moved(long firstSeen, @Nullable LastStatus from, @Nullable LastStatus to, Duration retention,
			long now) {
		if (from == to) {
			return this;
		}
		long oldest = day(now - retention.toMillis());
		TreeMap<Long, Day> changed = new TreeMap<>(this.days);
		changed.headMap(oldest).clear();
		long day = day(firstSeen);
		if (day >= oldest) {
			Day counts = changed.getOrDefault(day, Day.NONE);
			if (from != null) {
				counts = counts.plus(from, -1);
			}
			if (to != null) {
				counts = counts.plus(to, 1);
			}
			if (counts.isEmpty()) {
				changed.remove(day);
			}
			else {
				changed.put(day, counts);
			}
		}
		return new CountedStats(this.tenant, changed, this.lastSuccessAt, this.lastFailureAt, this.lastStatus,
				this.lastStatusAt);
	}

	/** With one more attempt: the last success, failure and status. */
	CountedStats attempted(LoggedAttempt attempt) {
		Instant success = this.lastSuccessAt;
		Instant failure = this.lastFailureAt;
		if (attempt.nextAction().equals("done")) {
			success = latest(success, attempt.at());
		}
		else if (!attempt.nextAction().equals("dropped")) {
			// dropped: nothing was sent, so nothing failed
			failure = latest(failure, attempt.at());
		}
		LastStatus status = this.lastStatus;
		Instant statusAt = this.lastStatusAt;
		LastStatus left = attempt.leaves().counted();
		if (left != null && (statusAt == null || !attempt.at().isBefore(statusAt))) {
			status = left;
			statusAt = attempt.at();
		}
		return new CountedStats(this.tenant, this.days, success, failure, status, statusAt);
	}

	/** The counts over the days within {@code retention} before {@code now}. */
	SubscriptionStats summary(Duration retention, long now) {
		long oldest = day(now - retention.toMillis());
		long delivered = 0;
		long failing = 0;
		long deadLettered = 0;
		for (Map.Entry<Long, Day> day : this.days.entrySet()) {
			if (day.getKey() >= oldest) {
				delivered += day.getValue().delivered();
				failing += day.getValue().failing();
				deadLettered += day.getValue().deadLettered();
			}
		}
		return new SubscriptionStats(delivered, failing, deadLettered, this.lastSuccessAt, this.lastFailureAt,
				this.lastStatus);
	}

	private static long day(long epochMillis) {
		return Math.floorDiv(epochMillis, DAY_MILLIS);
	}

	private static Instant latest(@Nullable Instant current, Instant candidate) {
		return (current == null || candidate.isAfter(current)) ? candidate : current;
	}

}
