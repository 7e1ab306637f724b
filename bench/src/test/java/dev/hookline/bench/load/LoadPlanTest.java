package dev.hookline.bench.load;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LoadPlanTest {

	@Test
	void aDurationBecomesTheNumberOfSendsThatFitInIt() {
		assertThat(LoadPlan.ofDuration(250, Duration.ofSeconds(3), 10).count()).isEqualTo(750);
		assertThat(LoadPlan.ofDuration(3, Duration.ofMillis(999), 10).count()).isEqualTo(2);
	}

	@Test
	void sendsAreSpacedByTheInverseOfTheRate() {
		LoadPlan plan = LoadPlan.ofCount(3, 10, 1);

		assertThat(plan.offsetNanos(0)).isZero();
		assertThat(plan.offsetNanos(1)).isEqualTo(333_333_333L);
		// computed from the start, not accumulated, so rounding never drifts
		assertThat(plan.offsetNanos(3_000_000)).isEqualTo(1_000_000_000_000_000L);
	}

	@Test
	void aPlanThatCannotRunIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> LoadPlan.ofCount(0, 10, 1)).withMessageContaining("rate");
		assertThatIllegalArgumentException().isThrownBy(() -> LoadPlan.ofCount(10, 10, 0))
			.withMessageContaining("maxOutstanding");
	}

}
