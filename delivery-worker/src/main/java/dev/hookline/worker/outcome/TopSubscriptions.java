package dev.hookline.worker.outcome;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Schedulers;

/**
 * The opt-in per-subscription metrics: for the {@code size} subscriptions with the most
 * failed attempts in the last window (then the most attempts), the gauges
 * {@code hookline.worker.top.subscription.failures} and
 * {@code hookline.worker.top.subscription.attempts}, tagged {@code subscription} and
 * {@code tenant}. At each window's end the list is chosen again and the series of a
 * subscription that left it are removed (Micrometer's {@link MultiGauge} with overwrite),
 * so a worker exports at most {@code size} of each, however many endpoints it serves; a
 * subscription's deliveries all go to the worker that owns its partition, so no two
 * workers export the same one.
 *
 * <p>
 * Counting is per window rather than Micrometer counters with a subscription tag: a
 * counter once registered stays until removed, which is what the bound is to prevent.
 * With {@code size} 0 nothing is counted or registered.
 */
final class TopSubscriptions implements AutoCloseable {

	/**
	 * Subscriptions counted in one window at most, so the map cannot grow without bound.
	 */
	static final int MAX_COUNTED = 100_000;

	private final int size;

	private final MultiGauge failures;

	private final MultiGauge attempts;

	private volatile Map<Key, Counts> window = new ConcurrentHashMap<>();

	private final Disposable schedule;

	TopSubscriptions(MeterRegistry registry, int size, Duration period) {
		this.size = size;
		this.failures = MultiGauge.builder("hookline.worker.top.subscription.failures")
			.description("Failed attempts (not 2xx) in the last window, of the subscriptions that failed most")
			.register(registry);
		this.attempts = MultiGauge.builder("hookline.worker.top.subscription.attempts")
			.description("Attempts in the last window, of the subscriptions that failed most")
			.register(registry);
		this.schedule = (size > 0)
				? Schedulers.parallel()
					.schedulePeriodically(this::publish, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS)
				: Disposables.disposed();
	}

	/** A request to this subscription's endpoint was made, and answered or failed. */
	void attempted(String tenant, String subscriptionId, boolean failed) {
		if (this.size == 0) {
			return;
		}
		Map<Key, Counts> counting = this.window;
		Key key = new Key(tenant, subscriptionId);
		Counts counts = counting.get(key);
		if (counts == null) {
			if (counting.size() >= MAX_COUNTED) {
				return;
			}
			counts = counting.computeIfAbsent(key, (k) -> new Counts());
		}
		counts.attempts.increment();
		if (failed) {
			counts.failures.increment();
		}
	}

	/** Ends the window: the gauges show its top list, and a new window starts. */
	void publish() {
		Map<Key, Counts> ended = this.window;
		this.window = new ConcurrentHashMap<>();
		List<Map.Entry<Key, long[]>> top = new ArrayList<>();
		ended.forEach(
				(key, counts) -> top.add(Map.entry(key, new long[] { counts.failures.sum(), counts.attempts.sum() })));
		top.sort(Comparator.comparingLong((Map.Entry<Key, long[]> entry) -> entry.getValue()[0])
			.thenComparingLong((entry) -> entry.getValue()[1])
			.reversed());
		List<Map.Entry<Key, long[]>> kept = top.subList(0, Math.min(this.size, top.size()));
		this.failures.register(
				kept.stream().map((entry) -> MultiGauge.Row.of(entry.getKey().tags(), entry.getValue()[0])).toList(),
				true);
		this.attempts.register(
				kept.stream().map((entry) -> MultiGauge.Row.of(entry.getKey().tags(), entry.getValue()[1])).toList(),
				true);
	}

	@Override
	public void close() {
		this.schedule.dispose();
	}

	private record Key(String tenant, String subscriptionId) {

		Tags tags() {
			return Tags.of("subscription", this.subscriptionId, "tenant", this.tenant);
		}

	}

	private static final class Counts {

		final LongAdder attempts = new LongAdder();

		final LongAdder failures = new LongAdder();

	}

}
