package dev.hookline.bench.chaos;

import java.time.Instant;
import java.util.List;

import dev.hookline.bench.chaos.ChaosLedger.Kill;
import dev.hookline.bench.chaos.ChaosLedger.Loss;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which duplicates a worker's death or warning explains
 * ({@link ChaosLedger#unexplained}): the answer before each one, or another request of
 * the delivery before it, came at most 30 s before the kill (and up to 5 s after the
 * restarted worker was up) or the warning (up to 5 s after it), and the duplicate itself
 * after the kill or the warning.
 */
class DuplicateExplanationTest {

	private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

	private static final Kill WORKER = new Kill("worker-2", at(100), at(115));

	private static final Loss ABORT = new Loss("worker-1", at(200));

	@Test
	void aSingleAnswerIsNoDuplicate() {
		assertThat(ChaosLedger.unexplained(List.of(at(50)), List.of(), List.of(), List.of())).isZero();
	}

	@Test
	void withoutAKillOrAWarningEveryDuplicateIsUnexplained() {
		assertThat(ChaosLedger.unexplained(List.of(at(50), at(51), at(52)), List.of(), List.of(), List.of()))
			.isEqualTo(2);
	}

	@Test
	void anAnswerShortlyBeforeADeathMayBeSentAgainAfterIt() {
		assertThat(ChaosLedger.unexplained(List.of(at(103), at(72)), List.of(), List.of(WORKER), List.of())).isZero();
	}

	@Test
	void anAnswerLongBeforeADeathWasCommittedBeforeIt() {
		assertThat(ChaosLedger.unexplained(List.of(at(65), at(103)), List.of(), List.of(WORKER), List.of()))
			.isEqualTo(1);
	}

	@Test
	void aDeathExplainsWhatWasAnsweredUntilShortlyAfterTheRestartedWorkerWasUp() {
		assertThat(ChaosLedger.unexplained(List.of(at(110), at(112)), List.of(), List.of(WORKER), List.of())).isZero();
		assertThat(ChaosLedger.unexplained(List.of(at(119), at(130)), List.of(), List.of(WORKER), List.of())).isZero();
		assertThat(ChaosLedger.unexplained(List.of(at(121), at(130)), List.of(), List.of(WORKER), List.of()))
			.isEqualTo(1);
	}

	@Test
	void aDuplicateBeforeTheKillIsNotExplainedByIt() {
		assertThat(ChaosLedger.unexplained(List.of(at(95), at(99)), List.of(), List.of(WORKER), List.of()))
			.isEqualTo(1);
	}

	@Test
	void theRoutersDeathExplainsNoDuplicate() {
		Kill router = new Kill(ChaosLedger.ROUTER, at(100), at(110));
		assertThat(ChaosLedger.unexplained(List.of(at(99), at(105)), List.of(), List.of(router), List.of()))
			.isEqualTo(1);
		assertThat(ChaosLedger.unexplained(List.of(at(99), at(105)), List.of(), List.of(router, WORKER), List.of()))
			.isZero();
	}

	@Test
	void aWarningExplainsWhatWasAnsweredBeforeItAndWhatWasInFlightWhenItCame() {
		assertThat(ChaosLedger.unexplained(List.of(at(180), at(201)), List.of(), List.of(), List.of(ABORT))).isZero();
		assertThat(ChaosLedger.unexplained(List.of(at(204), at(210)), List.of(), List.of(), List.of(ABORT))).isZero();
		assertThat(ChaosLedger.unexplained(List.of(at(206), at(210)), List.of(), List.of(), List.of(ABORT)))
			.isEqualTo(1);
		assertThat(ChaosLedger.unexplained(List.of(at(160), at(210)), List.of(), List.of(), List.of(ABORT)))
			.isEqualTo(1);
		assertThat(ChaosLedger.unexplained(List.of(at(180), at(199)), List.of(), List.of(), List.of(ABORT)))
			.isEqualTo(1);
	}

	@Test
	void aFailedRequestBeforeAWarningExplainsTwoSuccessesAfterIt() {
		// answered 500 and handed off before the partition moved; the next owner sends
		// its first attempt again, and the retry tier its second: both answered 2xx
		List<Instant> successes = List.of(at(207), at(209));
		assertThat(ChaosLedger.unexplained(successes, List.of(at(198)), List.of(), List.of(ABORT))).isZero();
		assertThat(ChaosLedger.unexplained(successes, List.of(), List.of(), List.of(ABORT))).isEqualTo(1);
		// a failed request long before the warning, or after the duplicate, explains
		// nothing
		assertThat(ChaosLedger.unexplained(successes, List.of(at(160)), List.of(), List.of(ABORT))).isEqualTo(1);
		assertThat(ChaosLedger.unexplained(List.of(at(150), at(160)), List.of(at(199)), List.of(), List.of(ABORT)))
			.isEqualTo(1);
	}

	private static Instant at(long seconds) {
		return T0.plusSeconds(seconds);
	}

}
