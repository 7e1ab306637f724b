package dev.hookline.bench.router;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches the router's committed offsets until it has routed a given number of events,
 * printing a progress line every two seconds.
 *
 * <p>
 * Offsets are read every {@value #POLL_MS} ms; the router commits every 100 ms, so an
 * observation is late by at most about that much. Fails with
 * {@link IllegalStateException} when the router stops, or makes no progress for
 * {@code stallLimit}.
 */
final class RoutingWatch {

	static final long POLL_MS = 50;

	private static final long PRINT_NANOS = Duration.ofSeconds(2).toNanos();

	private final BenchAdmin admin;

	private final EmbeddedRouter router;

	private final PrintStream progress;

	private final Duration stallLimit;

	RoutingWatch(BenchAdmin admin, EmbeddedRouter router, PrintStream progress, Duration stallLimit) {
		this.admin = admin;
		this.router = router;
		this.progress = progress;
		this.stallLimit = stallLimit;
	}

	/**
	 * Observations from now until the first that shows at least {@code target} events
	 * routed; progress is shown as events routed beyond {@code from}, out of
	 * {@code target - from}.
	 */
	List<Observation> awaitRouted(String label, long from, long target) throws InterruptedException {
		List<Observation> seen = new ArrayList<>();
		Observation last = observe();
		seen.add(last);
		long lastPrint = last.nanos();
		long lastMove = last.nanos();
		while (last.routed() < target) {
			Thread.sleep(POLL_MS);
			this.router.requireAlive();
			Observation next = observe();
			seen.add(next);
			if (next.routed() > last.routed()) {
				lastMove = next.nanos();
			}
			else if (next.nanos() - lastMove > this.stallLimit.toNanos()) {
				throw new IllegalStateException(String.format("router-load: %s stalled at %,d of %,d events for %s",
						label, next.routed() - from, target - from, this.stallLimit));
			}
			if (next.nanos() - lastPrint >= PRINT_NANOS) {
				this.progress.printf("router-load: %s routed %,d/%,d events%n", label, next.routed() - from,
						target - from);
				lastPrint = next.nanos();
			}
			last = next;
		}
		return seen;
	}

	private Observation observe() {
		long routed = this.admin.routed();
		return new Observation(System.nanoTime(), routed);
	}

	/** Events routed (committed) as seen at a moment. */
	record Observation(long nanos, long routed) {

		/**
		 * The events routed and the time taken between the last observation at or below
		 * {@code from} and the first at or above {@code to}: the window that holds the
		 * routing of events {@code from..to}, with at most one commit interval of its
		 * neighbours.
		 */
		static Span span(List<Observation> observations, long from, long to) {
			Observation start = observations.get(0);
			Observation end = null;
			for (Observation observation : observations) {
				if (observation.routed() <= from) {
					start = observation;
				}
				if (observation.routed() >= to && end == null) {
					end = observation;
				}
			}
			if (end == null) {
				throw new IllegalArgumentException("no observation reached " + to);
			}
			return new Span(end.routed() - start.routed(), (end.nanos() - start.nanos()) / 1e9);
		}

	}

	/** Events routed in a window, and its length. */
	record Span(long events, double seconds) {

		double perSecond() {
			return this.events / this.seconds;
		}

	}

}
