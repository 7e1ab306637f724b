package dev.hookline.bench.router;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.hookline.bench.router.DeliveryCounter.Counts;
import dev.hookline.bench.router.RoutingWatch.Observation;
import dev.hookline.bench.router.RoutingWatch.Span;

/**
 * The steps of one run, in order: {@link #prepare} before the router starts, then
 * {@link #mixed} and {@link #bigTenant} while it runs.
 *
 * <p>
 * Each phase ends by counting the deliveries committed so far against what the catalogue
 * implies, and fails with {@link IllegalStateException} when they differ.
 */
final class Phases {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private final Catalogue catalogue;

	private final Traffic warmup;

	private final Traffic mixed;

	private final Traffic big;

	private final TopicWriter writer;

	private final DeliveryCounter counter;

	private final PrintStream progress;

	Phases(Catalogue catalogue, Traffic warmup, Traffic mixed, Traffic big, TopicWriter writer, DeliveryCounter counter,
			PrintStream progress) {
		this.catalogue = catalogue;
		this.warmup = warmup;
		this.mixed = mixed;
		this.big = big;
		this.writer = writer;
		this.counter = counter;
		this.progress = progress;
	}

	/** Writes the subscriptions, then the warm-up and mixed events behind them. */
	void prepare(BenchAdmin admin, String topicPrefix) {
		this.writer.subscriptions(this.catalogue.subscriptions(Instant.now()));
		this.progress.printf("router-load: wrote %,d subscriptions of %,d tenants (%,d of %s) under %s%n",
				this.catalogue.subscriptions(), this.catalogue.tenants(),
				this.catalogue.subscriptions() - this.catalogue.normalSubscriptions(), Catalogue.BIG_TENANT,
				topicPrefix);
		this.writer.events(this.warmup);
		this.writer.events(this.mixed);
		long events = admin.events();
		if (events != afterMixed()) {
			throw new IllegalStateException(
					"router-load: the events topic holds " + events + " events, " + afterMixed() + " were produced");
		}
		this.progress.printf("router-load: produced %,d warm-up and %,d mixed events%n", this.warmup.count(),
				this.mixed.count());
	}

	/**
	 * Phase 1: waits out the warm-up, then times the mixed events, already on the topic,
	 * from the last observation before the router passed the warm-up to the first after
	 * it routed them all.
	 */
	Span mixed(RoutingWatch watch) throws InterruptedException {
		List<Observation> seen = new ArrayList<>(watch.awaitRouted("warm-up", 0, this.warmup.count()));
		seen.addAll(watch.awaitRouted("mixed", this.warmup.count(), afterMixed()));
		Span span = Observation.span(seen, this.warmup.count(), afterMixed());
		Counts counts = this.counter.awaitCounts(this.warmup.deliveries() + this.mixed.deliveries(),
				this.warmup.bigTenantDeliveries() + this.mixed.bigTenantDeliveries(), PATIENCE);
		this.progress.printf("router-load: mixed %,.0f events/s (%,d deliveries so far, as the rules imply)%n",
				span.perSecond(), counts.total());
		return span;
	}

	/**
	 * Phase 2: produces the big tenant's events with the router running and times them
	 * from the first send to the first observation that shows them all routed (writing
	 * them takes a fraction of the time routing them does).
	 */
	Span bigTenant(RoutingWatch watch) throws InterruptedException {
		long start = System.nanoTime();
		this.writer.events(this.big);
		List<Observation> seen = watch.awaitRouted("big tenant", afterMixed(), afterMixed() + this.big.count());
		Span span = new Span(this.big.count(), (seen.get(seen.size() - 1).nanos() - start) / 1e9);
		this.counter.awaitCounts(this.warmup.deliveries() + this.mixed.deliveries() + this.big.deliveries(),
				this.warmup.bigTenantDeliveries() + this.mixed.bigTenantDeliveries() + this.big.bigTenantDeliveries(),
				PATIENCE);
		return span;
	}

	private long afterMixed() {
		return this.warmup.count() + (long) this.mixed.count();
	}

}
