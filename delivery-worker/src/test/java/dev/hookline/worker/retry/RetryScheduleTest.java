package dev.hookline.worker.retry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.hookline.schemas.Topics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetryScheduleTest {

	private static final Topics TOPICS = Topics.withDefaultPrefix();

	private static final List<Duration> PRODUCTION = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
			Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(12));

	private static final Instant NOW = Instant.parse("2026-03-01T10:00:00.000123456Z");

	private final RetrySchedule schedule = new RetrySchedule(TOPICS.retryTiers(), PRODUCTION, 0, () -> 0.5);

	@Test
	void eachFailedAttemptWaitsInTheNextTierUntilTheScheduleIsExhausted() {
		assertThat(topicAfter(1)).isEqualTo("hookline.deliveries.retry.1m");
		assertThat(topicAfter(2)).isEqualTo("hookline.deliveries.retry.5m");
		assertThat(topicAfter(3)).isEqualTo("hookline.deliveries.retry.30m");
		assertThat(topicAfter(4)).isEqualTo("hookline.deliveries.retry.2h");
		assertThat(topicAfter(5)).isEqualTo("hookline.deliveries.retry.12h");
		assertThat(this.schedule.next(6, null)).isNull();
	}

	@Test
	void aRetryAfterLengthensThatWaitToTheFirstTierAtLeastThatLong() {
		assertThat(this.schedule.next(1, Duration.ofMinutes(20)).topic()).isEqualTo("hookline.deliveries.retry.30m");
		assertThat(this.schedule.next(1, Duration.ofMinutes(5)).topic()).isEqualTo("hookline.deliveries.retry.5m");
		assertThat(this.schedule.next(1, Duration.ofSeconds(61)).topic()).isEqualTo("hookline.deliveries.retry.5m");
	}

	@Test
	void aRetryAfterCostsNoAttemptTheNextFailureWaitsAsItsAttemptSays() {
		// attempt 1 waited 30 m for a Retry-After; attempt 2 failing waits 5 m
		assertThat(topicAfter(2)).isEqualTo("hookline.deliveries.retry.5m");
	}

	@Test
	void aShortRetryAfterNeverShortensTheWait() {
		assertThat(this.schedule.next(4, Duration.ofSeconds(10)).topic()).isEqualTo("hookline.deliveries.retry.2h");
		assertThat(this.schedule.next(1, Duration.ZERO).topic()).isEqualTo("hookline.deliveries.retry.1m");
	}

	@Test
	void aRetryAfterLongerThanEveryTierWaitsInTheLastTier() {
		assertThat(this.schedule.next(1, Duration.ofDays(2)).topic()).isEqualTo("hookline.deliveries.retry.12h");
	}

	@Test
	void aRetryAfterDoesNotExtendAnExhaustedSchedule() {
		assertThat(this.schedule.next(6, Duration.ofMinutes(1))).isNull();
	}

	@Test
	void aDeferredDeliveryWaitsInTheFirstTierAtLeastAsLongAsAsked() {
		assertThat(this.schedule.deferral(Duration.ZERO).topic()).isEqualTo("hookline.deliveries.retry.1m");
		assertThat(this.schedule.deferral(Duration.ofMinutes(1)).topic()).isEqualTo("hookline.deliveries.retry.1m");
		assertThat(this.schedule.deferral(Duration.ofMinutes(3)).topic()).isEqualTo("hookline.deliveries.retry.5m");
		assertThat(this.schedule.deferral(Duration.ofHours(3)).topic()).isEqualTo("hookline.deliveries.retry.12h");
		assertThat(this.schedule.deferral(Duration.ofDays(3)).topic()).isEqualTo("hookline.deliveries.retry.12h");
	}

	@Test
	void withoutJitterADeliveryIsDueOneDelayLaterRoundedUpToTheMillisecond() {
		RetrySchedule exact = new RetrySchedule(TOPICS.retryTiers(), PRODUCTION, 0, () -> 0.99);

		assertThat(exact.dueAt(exact.tiers().get(1), NOW)).isEqualTo(Instant.parse("2026-03-01T10:05:00.001Z"));
		assertThat(exact.dueAt(exact.tiers().get(1), Instant.parse("2026-03-01T10:00:00Z")))
			.isEqualTo(Instant.parse("2026-03-01T10:05:00Z"));
	}

	@Test
	void jitterOnlyEverMakesADeliveryDueLater() {
		RetrySchedule least = new RetrySchedule(TOPICS.retryTiers(), PRODUCTION, 0.1, () -> 0.0);
		RetrySchedule most = new RetrySchedule(TOPICS.retryTiers(), PRODUCTION, 0.1, () -> 0.999_999);
		RetrySchedule.Tier thirtyMinutes = least.tiers().get(2);

		Instant earliest = NOW.plus(Duration.ofMinutes(30));
		Instant latest = NOW.plus(Duration.ofMinutes(33));
		assertThat(least.dueAt(thirtyMinutes, NOW)).isAfterOrEqualTo(earliest).isBefore(earliest.plusMillis(1));
		assertThat(most.dueAt(thirtyMinutes, NOW)).isAfter(latest.minusMillis(5)).isBeforeOrEqualTo(latest);
	}

	@Test
	void everyTierNeedsADelay() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetrySchedule(TOPICS.retryTiers(), PRODUCTION.subList(0, 4), 0.1, () -> 0.5))
			.withMessageContaining("5 tiers, 4 delays");
	}

	private String topicAfter(int failedAttempt) {
		return this.schedule.next(failedAttempt, null).topic();
	}

}
