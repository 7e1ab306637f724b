package dev.hookline.bench.scenario;

import java.io.PrintStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateSearchTest {

	private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

	private final List<Double> rates = new ArrayList<>();

	@Test
	void stepsUpUntilARateFailsThenRefinesTwiceBetweenTheLastThatHeldAndTheFirstThatFailed() throws Exception {
		RateSearch.Result result = new RateSearch(holdsUpTo(700), QUIET).search(Scenarios.s1(), null, 100, 2, 10,
				Duration.ofSeconds(1));
		// warm-up at 50, then 100, 200, 400, 800 (fails twice), then √(400 × 800) ≈ 566
		// holds, then √(566 × 800) ≈ 673 holds
		double first = Math.sqrt(400 * 800.0);
		assertThat(this.rates).containsExactly(50.0, 100.0, 200.0, 400.0, 800.0, 800.0, first, Math.sqrt(first * 800));
		assertThat(result.best().eventsPerSecond()).isEqualTo(Math.sqrt(first * 800));
		assertThat(result.steps()).hasSize(7);
	}

	@Test
	void whenTheFirstStepFailsItStepsDownUntilOneHolds() throws Exception {
		RateSearch.Result result = new RateSearch(holdsUpTo(30), QUIET).search(Scenarios.s1(), null, 100, 2, 10,
				Duration.ofSeconds(1));
		// 100 and 50 fail twice each, 25 holds, then √(25 × 50) ≈ 35 fails twice, then
		// √(25 × 35) ≈ 30 holds
		double first = Math.sqrt(25 * 50.0);
		assertThat(this.rates).containsExactly(50.0, 100.0, 100.0, 50.0, 50.0, 25.0, first, first,
				Math.sqrt(25 * first));
		assertThat(result.best().eventsPerSecond()).isEqualTo(Math.sqrt(25 * first));
	}

	@Test
	void noRateThatHoldsWithinTheStepsLeavesNoBestAndReportsTheFirstStep() throws Exception {
		RateSearch.Result result = new RateSearch(holdsUpTo(1), QUIET).search(Scenarios.s1(), null, 100, 2, 4,
				Duration.ofSeconds(1));
		assertThat(result.best()).isNull();
		assertThat(result.reported().eventsPerSecond()).isEqualTo(100.0);
		// 100, 50 and 25, each twice
		assertThat(result.steps()).hasSize(6);
	}

	@Test
	void aStepThatFailsOnceButHoldsWhenRepeatedCountsAsHolding() throws Exception {
		List<Boolean> verdicts = new ArrayList<>(
				List.of(true, true, false, true, true, false, false, true, false, false));
		RateSearch.Step flaky = (scenario, load, rate, duration) -> {
			this.rates.add(rate);
			return step(rate, verdicts.remove(0));
		};

		RateSearch.Result result = new RateSearch(flaky, QUIET).search(Scenarios.s1(), null, 100, 2, 10,
				Duration.ofSeconds(1));

		// warm-up 50; 100 holds; 200 fails, then holds; 400 holds; 800 fails twice; √(400
		// × 800) holds; √(566 × 800) fails twice
		double first = Math.sqrt(400 * 800.0);
		assertThat(this.rates).containsExactly(50.0, 100.0, 200.0, 200.0, 400.0, 800.0, 800.0, first,
				Math.sqrt(first * 800), Math.sqrt(first * 800));
		assertThat(result.best().eventsPerSecond()).isEqualTo(first);
	}

	private RateSearch.Step holdsUpTo(double limit) {
		return (scenario, load, rate, duration) -> {
			this.rates.add(rate);
			return step(rate, rate <= limit);
		};
	}

	static StepResult step(double rate, boolean holds) {
		return new StepResult("S1", rate, rate * 5, (long) rate, holds, 0.1, 10, 20, 30, Map.of("/s1/", 20.0), 0, 0, 0,
				100, 0, "ok", holds, holds ? "" : "p99");
	}

}
