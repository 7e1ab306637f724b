package dev.hookline.worker.outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailingEndpointsTest {

	private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

	private static final TopicPartition DELIVERIES_3 = new TopicPartition("hookline.deliveries", 3);

	private final FailingEndpoints failing = new FailingEndpoints(Duration.ofDays(5));

	@Test
	void anEndpointIsReportedOnceItsAttemptsHaveAllFailedForThePeriod() {
		assertThat(this.failing.failed("sub-1", null, DELIVERIES_3, NOW)).isNull();
		assertThat(this.failing.failed("sub-1", null, DELIVERIES_3, NOW.plus(Duration.ofDays(4)))).isNull();

		assertThat(this.failing.failed("sub-1", null, DELIVERIES_3, NOW.plus(Duration.ofDays(5)))).isEqualTo(NOW);
	}

	@Test
	void aSuccessStartsThePeriodAgain() {
		this.failing.failed("sub-1", null, DELIVERIES_3, NOW);
		this.failing.cleared("sub-1");

		assertThat(this.failing.failed("sub-1", null, DELIVERIES_3, NOW.plus(Duration.ofDays(6)))).isNull();
		assertThat(this.failing.failed("sub-1", null, DELIVERIES_3, NOW.plus(Duration.ofDays(11))))
			.isEqualTo(NOW.plus(Duration.ofDays(6)));
	}

	@Test
	void afterARestartThePeriodStartsAtTheOldestFirstAttemptSeenFailing() {
		Instant firstAttempt = NOW.minus(Duration.ofHours(14));

		assertThat(this.failing.failed("sub-1", firstAttempt, DELIVERIES_3, NOW)).isNull();
		assertThat(this.failing.failed("sub-1", null, DELIVERIES_3, firstAttempt.plus(Duration.ofDays(5))))
			.isEqualTo(firstAttempt);
	}

	@Test
	void endpointsAreFailingEachOnTheirOwn() {
		this.failing.failed("sub-1", null, DELIVERIES_3, NOW);

		assertThat(this.failing.failed("sub-2", null, DELIVERIES_3, NOW.plus(Duration.ofDays(5)))).isNull();
	}

	@Test
	void losingAPartitionForgetsTheEndpointsSeenOnIt() {
		this.failing.failed("sub-1", null, DELIVERIES_3, NOW);
		this.failing.failed("sub-2", null, new TopicPartition("hookline.deliveries", 4), NOW);
		this.failing.forget(List.of(new TopicPartition("hookline.deliveries.retry.1m", 3)));

		Instant later = NOW.plus(Duration.ofDays(5));
		assertThat(this.failing.failed("sub-1", null, DELIVERIES_3, later)).isNull();
		assertThat(this.failing.failed("sub-2", null, DELIVERIES_3, later)).isEqualTo(NOW);
	}

}
