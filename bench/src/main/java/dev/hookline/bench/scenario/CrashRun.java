package dev.hookline.bench.scenario;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import dev.hookline.bench.load.LoadResult;
import dev.hookline.bench.load.OpenLoop;

/**
 * S5: a burst far above the sustainable rate while two workers share the partitions, one
 * of them killed ({@code SIGKILL}) half-way. The other takes its partitions over after
 * the session timeout and re-sends what the killed one had in flight but not committed:
 * those are the duplicates at-least-once delivery allows. Reports how long the backlog
 * took to drain after the burst, and the duplicates.
 */
final class CrashRun {

	private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);

	private final BenchEnvironment env;

	private final StepRunner steps;

	CrashRun(BenchEnvironment env, StepRunner steps) {
		this.env = env;
		this.steps = steps;
	}

	StepResult run(Scenario scenario, EventLoad load, double eventsPerSecond, Duration burst, WorkerProcess victim)
			throws InterruptedException {
		OpenLoop loop = this.steps.begin(scenario, load, eventsPerSecond, burst);
		CompletableFuture<LoadResult> sending = loop.start();
		Thread.sleep(burst.toMillis() / 2);
		this.env.kill(victim);
		try {
			return this.steps.finish(scenario, eventsPerSecond, sending.get(), DRAIN_TIMEOUT);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("S5's load failed", ex.getCause());
		}
	}

}
