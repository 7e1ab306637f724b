package dev.hookline.router.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the router counts of the events it reads, into Micrometer:
 * {@code hookline.router.events}, tagged {@code result} = {@code routed} (one delivery or
 * more), {@code unmatched} (no subscription wanted it), {@code duplicate} (dropped as a
 * copy within the deduplication window) or {@code invalid} (quarantined); and
 * {@code hookline.router.deliveries}, the deliveries made, whose rate over that of routed
 * events is the fan-out. Counted as processed: an event whose transaction is aborted and
 * processed again counts again. Kafka Streams' own sensors ({@link RouterMetrics})
 * restart with each task; these count per process, as Prometheus expects.
 */
public final class RoutingCounts {

	private final Counter routed;

	private final Counter unmatched;

	private final Counter duplicate;

	private final Counter invalid;

	private final Counter deliveries;

	public RoutingCounts(MeterRegistry registry) {
		this.routed = event(registry, "routed");
		this.unmatched = event(registry, "unmatched");
		this.duplicate = event(registry, "duplicate");
		this.invalid = event(registry, "invalid");
		this.deliveries = Counter.builder("hookline.router.deliveries")
			.description("Deliveries the router made, one per event and matching subscription")
			.register(registry);
	}

	private static Counter event(MeterRegistry registry, String result) {
		return Counter.builder("hookline.router.events")
			.description("Events the router read, by what became of them")
			.tag("result", result)
			.register(registry);
	}

	void routed(int deliveries) {
		if (deliveries == 0) {
			this.unmatched.increment();
		}
		else {
			this.routed.increment();
			this.deliveries.increment(deliveries);
		}
	}

	void duplicate() {
		this.duplicate.increment();
	}

	void invalid() {
		this.invalid.increment();
	}

}
