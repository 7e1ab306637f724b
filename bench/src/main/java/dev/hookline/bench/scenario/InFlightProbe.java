package dev.hookline.bench.scenario;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import dev.hookline.bench.load.LoadResult;
import dev.hookline.bench.load.OpenLoop;
import dev.hookline.bench.receiver.ReceiverProcess;
import tools.jackson.databind.JsonNode;

/**
 * Fills the worker's in-flight cap with deliveries to slow endpoints and watches how many
 * requests are open at the receiver at once (arrived, not yet answered), while the RSS
 * sampler records the worker's peak.
 */
final class InFlightProbe {

	private final ReceiverProcess receiver;

	private final RssSampler rss;

	private long peakOpen;

	InFlightProbe(ReceiverProcess receiver, RssSampler rss) {
		this.receiver = receiver;
		this.rss = rss;
	}

	/** Sends {@code events} over {@code duration} and waits until all are delivered. */
	StepResult fill(Scenario scenario, EventLoad load, StepRunner steps, int events, Duration duration)
			throws InterruptedException {
		double rate = events / (double) duration.toSeconds();
		OpenLoop loop = steps.begin(scenario, load, rate, duration);
		CompletableFuture<LoadResult> sending = loop.start();
		// the requests stay open 8 s: watch until well after the last is sent
		long until = System.nanoTime() + duration.plusSeconds(12).toNanos();
		while (System.nanoTime() < until) {
			this.peakOpen = Math.max(this.peakOpen, open(this.receiver.stats()));
			this.rss.peakMb();
			Thread.sleep(250);
		}
		try {
			return steps.finish(scenario, rate, sending.get(), Duration.ofMinutes(2));
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("the memory step's load failed", ex.getCause());
		}
	}

	long peakOpen() {
		return this.peakOpen;
	}

	/** Requests that arrived and were neither answered, reset nor hung. */
	static long open(JsonNode stats) {
		long answered = 0;
		for (JsonNode count : stats.path("statuses").values()) {
			answered += count.asLong();
		}
		return stats.path("requests").asLong() - answered - stats.path("resets").asLong()
				- stats.path("hangs").asLong();
	}

}
