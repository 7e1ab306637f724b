package dev.hookline.bench.chaos;

import java.time.Duration;

/**
 * What a chaos run does.
 *
 * @param events events published over the HTTP API, each to every one of
 * {@link #SUBSCRIPTIONS} subscriptions
 * @param eventsPerSecond how fast they are published
 * @param workers worker processes
 * @param killEveryMin shortest wait between two kills
 * @param killEveryMax longest wait between two kills
 * @param killRouter whether the router is killed (once) too
 * @param failFirst share of first requests (per {@code webhook-id}) the receiver answers
 * 500
 * @param hangFirst share of first requests it never answers (the worker times out)
 * @param resetFirst share of first requests whose connection it resets
 * @param rateLimit requests per second of the one rate-limited subscription
 * @param settleTimeout how long every (event, subscription) pair may take to end once
 * publishing is over
 */
public record ChaosPlan(int events, double eventsPerSecond, int workers, Duration killEveryMin, Duration killEveryMax,
		boolean killRouter, double failFirst, double hangFirst, double resetFirst, int rateLimit,
		Duration settleTimeout) {

	/** Subscriptions of the run's tenant, each to every event type. */
	public static final int SUBSCRIPTIONS = 5;

	/** Requests in flight to one endpoint at most, as the workers are set up. */
	public static final int MAX_CONCURRENCY = 8;

	/**
	 * The run of issue 19: 10,000 events × 5 subscriptions, 3 workers, one killed every
	 * 10-20 s, the router killed once, 20 % of first requests failing, 1 % hanging and 2
	 * % reset.
	 */
	public static ChaosPlan full() {
		return new ChaosPlan(10_000, 100, 3, Duration.ofSeconds(10), Duration.ofSeconds(20), true, 0.20, 0.01, 0.02,
				150, Duration.ofMinutes(10));
	}

	/**
	 * A short run for the test suite: the same faults, fewer events, kills closer
	 * together.
	 */
	public static ChaosPlan quick() {
		return new ChaosPlan(600, 30, 3, Duration.ofSeconds(5), Duration.ofSeconds(8), true, 0.20, 0.01, 0.02, 60,
				Duration.ofMinutes(4));
	}

	/** The same plan with another number of events. */
	public ChaosPlan withEvents(int count) {
		return new ChaosPlan(count, this.eventsPerSecond, this.workers, this.killEveryMin, this.killEveryMax,
				this.killRouter, this.failFirst, this.hangFirst, this.resetFirst, this.rateLimit, this.settleTimeout);
	}

	/** How long publishing takes. */
	public Duration publishing() {
		return Duration.ofMillis((long) (this.events * 1000 / this.eventsPerSecond));
	}

}
