package dev.hookline.bench.scenario;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hookline.bench.load.LoadPlan;
import dev.hookline.bench.load.LoadResult;
import dev.hookline.bench.load.OpenLoop;
import dev.hookline.bench.receiver.ReceiverProcess;
import tools.jackson.databind.JsonNode;

/**
 * Runs one step: load at a fixed rate for a while, then waits for the deliveries and
 * judges whether the rate held.
 *
 * <p>
 * A rate holds when (1) every delivery of the judged endpoint groups arrived within the
 * latency bound after the load stopped, so the lag stayed bounded; (2) each judged
 * group's p99 added latency (publish to arrival at the endpoint) stayed under 1 s, which
 * is "end-to-end p99 under the endpoint latency plus 1 s" with the endpoint's own time
 * taken out; (3) the load generator kept its schedule and every event was accepted.
 * Before returning, the step waits until everything judged has arrived (up to two
 * minutes), so that no backlog leaks into the next step.
 */
final class StepRunner implements RateSearch.Step {

	static final double BOUND_MS = 1000;

	private static final Duration GRACE = Duration.ofSeconds(2);

	private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(2);

	private static final double MAX_LOAD_LAG_MS = 500;

	private final ReceiverProcess receiver;

	private final RssSampler rss;

	private final PrintStream out;

	private long nextSeq;

	private long from;

	StepRunner(ReceiverProcess receiver, RssSampler rss, PrintStream out) {
		this.receiver = receiver;
		this.rss = rss;
		this.out = out;
	}

	@Override
	public StepResult run(Scenario scenario, EventLoad load, double eventsPerSecond, Duration duration)
			throws InterruptedException {
		OpenLoop loop = begin(scenario, load, eventsPerSecond, duration);
		return finish(scenario, eventsPerSecond, loop.run(), DRAIN_TIMEOUT);
	}

	/**
	 * Prepares a step without running it: clears the receiver's counters and the RSS
	 * peak, and numbers the events after the ones already sent.
	 */
	OpenLoop begin(Scenario scenario, EventLoad load, double eventsPerSecond, Duration duration) {
		this.receiver.reset();
		this.rss.reset();
		this.from = this.nextSeq;
		load.continueAt(this.from);
		return new OpenLoop(LoadPlan.ofDuration(eventsPerSecond, duration, 100_000), load);
	}

	/**
	 * Waits for the deliveries of the events the step sent and judges it.
	 * @param drainTimeout how long to wait for the last deliveries before giving up
	 */
	StepResult finish(Scenario scenario, double eventsPerSecond, LoadResult sent, Duration drainTimeout)
			throws InterruptedException {
		long from = this.from;
		long to = from + sent.sent();
		this.nextSeq = to;
		long stopped = System.nanoTime();
		Map<String, Long> expected = scenario.expected(from, to);
		boolean caughtUp = arrived(expected,
				Duration.ofMillis((long) BOUND_MS + scenario.slowestEndpointMs()).plus(GRACE));
		boolean drained = caughtUp || arrived(expected, drainTimeout);
		double drainSeconds = (System.nanoTime() - stopped) / 1e9;
		JsonNode stats = this.receiver.stats();
		Map<String, Double> groupP99 = new LinkedHashMap<>();
		for (String group : scenario.judged()) {
			groupP99.put(group, stats.path("paths").path(group).path("latencyMs").path("p99").asDouble());
		}
		JsonNode latency = (scenario.judged().size() == 1)
				? stats.path("paths").path(scenario.judged().get(0)).path("latencyMs") : stats.path("latencyMs");
		List<String> why = new ArrayList<>();
		if (!caughtUp) {
			why.add(drained ? String.format("lag: the last deliveries came %.1f s after the load", drainSeconds)
					: "did not drain within " + drainTimeout.toSeconds() + " s");
		}
		groupP99.forEach((group, p99) -> {
			if (p99 > BOUND_MS) {
				why.add(String.format("p99 %s %.0f ms > %.0f ms", group, p99, BOUND_MS));
			}
		});
		double lagMs = sent.maxLag().toNanos() / 1e6;
		if (lagMs > MAX_LOAD_LAG_MS || sent.failed() > 0 || sent.unfinished() > 0) {
			why.add(String.format("load behind schedule by %.0f ms, %d sends failed", lagMs,
					sent.failed() + sent.unfinished()));
		}
		StepResult result = new StepResult(scenario.name(), eventsPerSecond,
				eventsPerSecond * scenario.subscribersPerEvent(), sent.sent(), caughtUp, drainSeconds,
				latency.path("p50").asDouble(), latency.path("p99").asDouble(), latency.path("p999").asDouble(),
				groupP99, stats.path("duplicates").asLong(), stats.path("requests").asLong(),
				stats.path("distinctWebhookIds").asLong(), this.rss.peakMb(), lagMs,
				stats.path("headroom").path("verdict").asString(), why.isEmpty(), String.join("; ", why));
		this.out.println(result.line());
		if (!drained) {
			throw new IllegalStateException(scenario.name() + " did not deliver everything within "
					+ drainTimeout.toSeconds() + " s of the load; stopping: the figures after it would be wrong");
		}
		return result;
	}

	/**
	 * Offers more than the stack sustains and measures what it keeps delivering: the
	 * deliveries per second from {@code settle} into the load to its end (goodput), then
	 * how long the backlog takes to drain.
	 * @throws IllegalStateException when the backlog does not drain within
	 * {@code drainTimeout}: the figures after it would be wrong
	 */
	Overload overload(Scenario scenario, EventLoad load, double eventsPerSecond, Duration duration, Duration settle,
			Duration drainTimeout) throws InterruptedException {
		OpenLoop loop = begin(scenario, load, eventsPerSecond, duration);
		long[] settled = new long[2];
		Thread mark = new Thread(() -> {
			try {
				Thread.sleep(settle.toMillis());
				settled[0] = System.nanoTime();
				settled[1] = delivered();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "overload-mark");
		mark.start();
		LoadResult sent = loop.run();
		long stopped = System.nanoTime();
		long deliveredAtStop = delivered();
		mark.join();
		double goodput = (deliveredAtStop - settled[1]) / ((stopped - settled[0]) / 1e9);
		long from = this.from;
		long to = from + sent.sent();
		this.nextSeq = to;
		boolean drained = arrived(scenario.expected(from, to), drainTimeout);
		double drainSeconds = (System.nanoTime() - stopped) / 1e9;
		Overload result = new Overload(eventsPerSecond * scenario.subscribersPerEvent(), goodput, drainSeconds,
				this.receiver.stats().path("duplicates").asLong());
		this.out.printf(
				"%s overload: offered %.0f deliveries/s for %d s, delivered %.0f/s from %d s on, backlog "
						+ "drained %.1f s after the load%n",
				scenario.name(), result.offeredDeliveriesPerSecond(), duration.toSeconds(), goodput, settle.toSeconds(),
				drainSeconds);
		if (!drained) {
			throw new IllegalStateException(scenario.name() + " overload: the backlog did not drain within "
					+ drainTimeout.toSeconds() + " s; stopping: the figures after it would be wrong");
		}
		return result;
	}

	/**
	 * What an overload step measured.
	 *
	 * @param offeredDeliveriesPerSecond the deliveries per second the load asked for
	 * @param goodput the deliveries per second that arrived once the load had settled
	 * @param drainSeconds how long after the load the last delivery arrived
	 * @param duplicates deliveries the receiver saw more than once
	 */
	record Overload(double offeredDeliveriesPerSecond, double goodput, double drainSeconds, long duplicates) {

	}

	private long delivered() {
		return this.receiver.stats().path("delivered").asLong();
	}

	/** Waits until every judged group has at least the expected deliveries. */
	private boolean arrived(Map<String, Long> expected, Duration within) throws InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		while (true) {
			JsonNode paths = this.receiver.stats().path("paths");
			boolean all = expected.entrySet()
				.stream()
				.allMatch((e) -> paths.path(e.getKey()).path("delivered").asLong() >= e.getValue());
			if (all) {
				return true;
			}
			if (System.nanoTime() > deadline) {
				return false;
			}
			Thread.sleep(100);
		}
	}

}
