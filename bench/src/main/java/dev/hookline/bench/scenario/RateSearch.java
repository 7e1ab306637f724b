package dev.hookline.bench.scenario;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Finds a scenario's maximum sustainable rate by stepping the load: each step runs at
 * {@code factor} times the last one that held, until one does not hold (when the first
 * step already does not hold, each runs at the last one divided by {@code factor} until
 * one holds); then {@value #REFINEMENTS} steps, each halfway (geometrically) between the
 * fastest rate that held and the slowest that did not, refine the answer: with a factor
 * of 1.5, the answer is then within 11 % of the real maximum instead of 22 %. A short
 * unjudged warm-up step comes first (class loading, JIT, connections).
 *
 * <p>
 * A step that does not hold is run once more at the same rate, and only the second
 * verdict counts: on a shared machine one stall (a neighbour's burst, a full GC in the
 * broker's JVM) can sink a single 5 s step, and a search that takes it at its word
 * settles on a fraction of the real maximum and scales every later scenario down with it.
 */
final class RateSearch {

	static final int REFINEMENTS = 2;

	private final Step steps;

	private final PrintStream out;

	RateSearch(Step steps, PrintStream out) {
		this.steps = steps;
		this.out = out;
	}

	/**
	 * @param start events per second of the first judged step
	 * @param factor how much each step raises the rate
	 * @param maxSteps rates tried at most, refinement included (a repeated step counts
	 * once)
	 * @param stepLength how long each step sends
	 */
	Result search(Scenario scenario, EventLoad load, double start, double factor, int maxSteps, Duration stepLength)
			throws InterruptedException {
		this.out.printf("%s: warm-up at %.0f events/s%n", scenario.name(), start / 2);
		this.steps.run(scenario, load, start / 2, Duration.ofSeconds(3));
		List<StepResult> all = new ArrayList<>();
		StepResult best = null;
		StepResult failed = null;
		double rate = start;
		int tried = 0;
		// up while the rate holds; when even the first step does not, down until one does
		while (tried < maxSteps - 1) {
			StepResult step = confirmed(scenario, load, rate, stepLength, all);
			tried++;
			if (step.sustainable()) {
				best = step;
				if (failed != null) {
					break;
				}
				rate *= factor;
			}
			else {
				failed = step;
				if (best != null) {
					break;
				}
				rate /= factor;
			}
		}
		for (int i = 0; i < REFINEMENTS && best != null && failed != null && tried < maxSteps; i++, tried++) {
			StepResult step = confirmed(scenario, load, Math.sqrt(best.eventsPerSecond() * failed.eventsPerSecond()),
					stepLength, all);
			if (step.sustainable()) {
				best = step;
			}
			else {
				failed = step;
			}
		}
		return new Result(best, all);
	}

	/** Runs a step, and once more when it does not hold; adds both to {@code all}. */
	private StepResult confirmed(Scenario scenario, EventLoad load, double rate, Duration stepLength,
			List<StepResult> all) throws InterruptedException {
		StepResult step = this.steps.run(scenario, load, rate, stepLength);
		all.add(step);
		if (step.sustainable()) {
			return step;
		}
		this.out.printf("%s: %.0f events/s did not hold; once more to confirm%n", scenario.name(), rate);
		StepResult again = this.steps.run(scenario, load, rate, stepLength);
		all.add(again);
		return again;
	}

	/** Runs one judged step at a fixed rate ({@link StepRunner#run}). */
	@FunctionalInterface
	interface Step {

		StepResult run(Scenario scenario, EventLoad load, double eventsPerSecond, Duration duration)
				throws InterruptedException;

	}

	/**
	 * @param best the fastest step that held, null when even the first did not
	 * @param steps every judged step, in order, repeats included
	 */
	record Result(@Nullable StepResult best, List<StepResult> steps) {

		/** The fastest step that held, or the slowest step when none held. */
		StepResult reported() {
			return (this.best != null) ? this.best : this.steps.get(0);
		}

	}

}
