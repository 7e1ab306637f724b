package dev.hookline.ingest.deliverylog;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.hookline.ingest.subscriptions.SubscriptionStats;
import dev.hookline.ingest.subscriptions.SubscriptionStats.LastStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subscription's counters: deliveries by the state they are in now, per day, dropping
 * out with the days past the retention; the last success, failure and status.
 */
class CountedStatsTest {

	private static final Duration RETENTION = Duration.ofDays(30);

	private static final Instant NOW = LogRecords.T0;

	private final long now = NOW.toEpochMilli();

	@Test
	void aDeliveryIsCountedOnceInTheStateItIsInNow() {
		long seen = NOW.minus(1, ChronoUnit.HOURS).toEpochMilli();
		CountedStats counts = CountedStats.empty("acme")
			.moved(seen, null, LastStatus.FAILING, RETENTION, this.now)
			.moved(seen, LastStatus.FAILING, LastStatus.FAILING, RETENTION, this.now)
			.moved(seen, LastStatus.FAILING, LastStatus.DELIVERED, RETENTION, this.now)
			.moved(seen, null, LastStatus.DEAD_LETTERED, RETENTION, this.now);

		SubscriptionStats stats = counts.summary(RETENTION, this.now);
		assertThat(stats.delivered()).isEqualTo(1);
		assertThat(stats.failing()).isZero();
		assertThat(stats.deadLettered()).isEqualTo(1);
	}

	@Test
	void aDeliveryQueuedAgainDropsOutOfTheCountsUntilItsNextAttempt() {
		CountedStats counts = CountedStats.empty("acme")
			.moved(this.now, null, LastStatus.DEAD_LETTERED, RETENTION, this.now)
			.moved(this.now, LastStatus.DEAD_LETTERED, null, RETENTION, this.now);

		assertThat(counts.summary(RETENTION, this.now)).isEqualTo(SubscriptionStats.NONE);
		assertThat(counts.days()).as("an empty day is not kept").isEmpty();
	}

	@Test
	void daysPastTheRetentionDropOutOfTheCountsAndOfTheRecord() {
		long old = NOW.minus(31, ChronoUnit.DAYS).toEpochMilli();
		long recent = NOW.minus(2, ChronoUnit.DAYS).toEpochMilli();
		CountedStats counts = CountedStats.empty("acme")
			.moved(old, null, LastStatus.DELIVERED, RETENTION, old)
			.moved(recent, null, LastStatus.DELIVERED, RETENTION, recent);
		assertThat(counts.summary(RETENTION, recent).delivered()).isEqualTo(2);

		assertThat(counts.summary(RETENTION, this.now).delivered()).as("read a month later").isEqualTo(1);
		CountedStats later = counts.moved(this.now, null, LastStatus.FAILING, RETENTION, this.now);
		assertThat(later.days()).as("written a month later").hasSize(2);
		assertThat(later.summary(RETENTION, this.now).delivered()).isEqualTo(1);
	}

	@Test
	void theLastSuccessFailureAndStatusFollowTheNewestAttempts() {
		Instant first = NOW.minusSeconds(60);
		Instant second = NOW.minusSeconds(30);
		CountedStats counts = CountedStats.empty("acme")
			.attempted(attempt(second, 200, "done"))
			.attempted(attempt(first, 500, "hookline.deliveries.retry.1m"))
			.attempted(attempt(NOW, null, "dropped"));

		SubscriptionStats stats = counts.summary(RETENTION, this.now);
		assertThat(stats.lastSuccessAt()).isEqualTo(second);
		assertThat(stats.lastFailureAt()).as("a dropped attempt sent nothing, so it did not fail").isEqualTo(first);
		assertThat(stats.lastStatus()).as("the newest counted attempt, read out of order")
			.isEqualTo(LastStatus.DELIVERED);
	}

	@Test
	void theCountersSurviveTheirJson() {
		CountedStats counts = CountedStats.empty("acme")
			.moved(this.now, null, LastStatus.FAILING, RETENTION, this.now)
			.attempted(attempt(NOW, 503, "hookline.deliveries.retry.5m"));

		CountedStats read = HistoryJson.read(HistoryJson.write(counts), CountedStats.class);

		assertThat(read.summary(RETENTION, this.now)).isEqualTo(counts.summary(RETENTION, this.now));
		assertThat(read.tenant()).isEqualTo("acme");
	}

	private static LoggedAttempt attempt(Instant at, Integer status, String nextAction) {
		return new LoggedAttempt("msg_1", "evt_1", "order.created", 1, at, status, null, 10, null, "sha", nextAction,
				null);
	}

}
