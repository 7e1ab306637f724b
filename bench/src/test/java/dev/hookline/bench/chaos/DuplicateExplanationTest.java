package dev.hookline.bench.chaos;

import java.time.Instant;
import java.util.List;

import dev.hookline.bench.chaos.ChaosLedger.Kill;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which duplicates a worker's death explains ({@link ChaosLedger#unexplained}): the
 * answer before each one came at most 10 s before the kill, or until 10 s after the
 * killed worker was up again, and the duplicate itself after the kill.
 */
class DuplicateExplanationTest {

	private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

	private static final Kill WORKER = new Kill("worker-2", at(100), at(115));

	@Test
	void aSingleAnswerIsNoDuplicate() {
		assertThat(ChaosLedger.unexplained(List.of(at(50)), List.of())).isZero();
	}

	@Test
	void withoutAKillEveryDuplicateIsUnexplained() {
		assertThat(ChaosLedger.unexplained(List.of(at(50), at(51), at(52)), List.of())).isEqualTo(2);
	}

	@Test
	void anAnswerShortlyBeforeADeathMayBeSentAgainAfterIt() {
		assertThat(ChaosLedger.unexplained(List.of(at(103), at(92)), List.of(WORKER))).isZero();
	}

	@Test
	void anAnswerLongBeforeADeathWasCommittedBeforeIt() {
		assertThat(ChaosLedger.unexplained(List.of(at(85), at(103)), List.of(WORKER))).isEqualTo(1);
	}

	@Test
	void theRebalancesAfterADeathExplainAnswersUntilShortlyAfterTheRestart() {
		assertThat(ChaosLedger.unexplained(List.of(at(124), at(130)), List.of(WORKER))).isZero();
		assertThat(ChaosLedger.unexplained(List.of(at(126), at(130)), List.of(WORKER))).isEqualTo(1);
	}

	@Test
	void aDuplicateBeforeTheKillIsNotExplainedByIt() {
		assertThat(ChaosLedger.unexplained(List.of(at(95), at(99)), List.of(WORKER))).isEqualTo(1);
	}

	@Test
	void theRoutersDeathExplainsNoDuplicate() {
		Kill router = new Kill(ChaosLedger.ROUTER, at(100), at(110));
		assertThat(ChaosLedger.unexplained(List.of(at(99), at(105)), List.of(router))).isEqualTo(1);
		assertThat(ChaosLedger.unexplained(List.of(at(99), at(105)), List.of(router, WORKER))).isZero();
	}

	private static Instant at(long seconds) {
		return T0.plusSeconds(seconds);
	}

}
