package dev.hookline.worker.intake;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import dev.hookline.schemas.DaemonThreads;
import org.jspecify.annotations.Nullable;

/**
 * Admits fewer deliveries while the garbage collector takes too much of the worker's
 * time: once a second it compares the time spent in collection pauses with the time
 * passed, and above {@code hookline.worker.gc-overhead-limit} lowers the in-flight bound
 * ({@link InFlightLimiter#lower()}); at or under it, raises the bound back by an eighth
 * ({@link InFlightLimiter#raise()}).
 *
 * <p>
 * Why: offered more than it can send, a worker took records from Kafka up to its
 * {@code max-in-flight}, thousands more than its endpoints' latency needed. Each keeps
 * its record, request, connection and timers alive for its whole round trip, so young
 * collections freed almost nothing, the collector took a third of the time, and the
 * worker delivered a third less than at its maximum (bench/README.md, "Overload"). Left
 * in Kafka instead, the surplus costs nothing.
 *
 * <p>
 * Written here, not taken from a concurrency-limit library (Netflix's concurrency-limits:
 * Vegas, Gradient, AIMD): those adapt to round-trip times, which here are the endpoints'
 * latency; one slow endpoint would lower every endpoint's share of the worker. The
 * collector's share of time depends on the worker's own memory only.
 */
final class GcPressure implements Runnable, AutoCloseable {

	private final InFlightLimiter limiter;

	private final double limit;

	private final LongSupplier pauseMillis;

	private final LongSupplier nanoTime;

	private long lastPauseMillis;

	private long lastNanos;

	private @Nullable ScheduledExecutorService timer;

	/**
	 * @param limit the share of time in collection pauses above which fewer deliveries
	 * are admitted, between 0 and 1
	 * @param pauseMillis the time spent in collection pauses since the JVM started
	 * @param nanoTime the clock {@link #run()} measures its periods with
	 */
	GcPressure(InFlightLimiter limiter, double limit, LongSupplier pauseMillis, LongSupplier nanoTime) {
		this.limiter = limiter;
		this.limit = limit;
		this.pauseMillis = pauseMillis;
		this.nanoTime = nanoTime;
		this.lastPauseMillis = pauseMillis.getAsLong();
		this.lastNanos = nanoTime.getAsLong();
	}

	/** Measures the period since the last run, and lowers or raises the bound. */
	@Override
	public void run() {
		long pauses = this.pauseMillis.getAsLong();
		long now = this.nanoTime.getAsLong();
		long elapsedMillis = (now - this.lastNanos) / 1_000_000;
		if (elapsedMillis <= 0) {
			return;
		}
		double share = (double) (pauses - this.lastPauseMillis) / elapsedMillis;
		this.lastPauseMillis = pauses;
		this.lastNanos = now;
		if (share > this.limit) {
			this.limiter.lower();
		}
		else {
			this.limiter.raise();
		}
	}

	/** Runs every second, on a daemon thread of its own, until closed. */
	synchronized GcPressure start() {
		this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("hookline-gc-pressure"));
		this.timer.scheduleAtFixedRate(this, 1, 1, TimeUnit.SECONDS);
		return this;
	}

	@Override
	public synchronized void close() {
		if (this.timer != null) {
			this.timer.shutdownNow();
		}
	}

	/**
	 * The time this JVM's collectors have spent in pauses, in milliseconds: every
	 * collector's time but those that run beside the application (G1's, ZGC's and
	 * Shenandoah's concurrent cycles).
	 */
	static long pauseMillis() {
		long total = 0;
		for (GarbageCollectorMXBean collector : COLLECTORS) {
			total += Math.max(0, collector.getCollectionTime());
		}
		return total;
	}

	/** Whether the collector of that name stops the application for its time. */
	static boolean countsPauses(String collectorName) {
		String name = collectorName.toLowerCase(Locale.ROOT);
		return !name.contains("concurrent") && !name.contains("cycles");
	}

	private static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans()
		.stream()
		.filter((collector) -> countsPauses(collector.getName()))
		.toList();

}
