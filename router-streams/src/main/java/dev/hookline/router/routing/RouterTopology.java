package dev.hookline.router.routing;

import java.time.Duration;

import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.Event;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.Topic;
import dev.hookline.schemas.Topics;
import dev.hookline.schemas.TraceHops;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The router's topology: events in, one delivery per active matching subscription out.
 *
 * <p>
 * Subscriptions live in a global store, so every instance holds all of them and an event
 * never waits for a repartition; Streams fills global stores before any stream thread
 * starts, so no event is routed against a half-loaded index. The store holds an index
 * ({@link SubscriptionIndex}) rather than the topic's records as they are, so it has to
 * be rebuilt through {@link SubscriptionIndexUpdater}. Since Kafka 3.8 (KAFKA-7663)
 * {@link StreamsBuilder#addGlobalStore} does that: it registers the processor to re-run
 * on restore, and on start-up the global state manager creates a fresh instance of it,
 * seeks to the store's checkpoint (the beginning, for this in-memory store) and feeds it
 * every record up to the end of the topic, rather than copying raw records into the
 * store. Checked against Kafka 4.2.1 ({@code StreamsBuilder.addGlobalStore} passes
 * {@code reprocessOnRestore = true}; {@code GlobalStateManagerImpl.reprocessState}) and
 * by {@code RouterApplicationIntegrationTest}, which writes a subscription before the
 * router starts. (In 4.2.1 {@code Topology#addGlobalStore} re-runs it too; the read-only
 * stores of {@code Topology#addReadOnlyStateStore} do not.)
 *
 * <p>
 * Fan-out applies each subscription's payload filter and field allowlist, parsed once per
 * subscription version into a {@link RulesCache} shared by the stream threads of the
 * topology (see {@link RoutingProcessor}). Each tenant's subscriptions are read through a
 * decoded {@link TenantViews view}, also shared, that the updater drops on every change
 * of the tenant.
 *
 * <p>
 * Before fan-out, {@link EventDeduplicator} drops an event whose tenant already published
 * its id within the deduplication window, comparing ids only (never payloads), per events
 * partition; a window of zero leaves it, and its store, out.
 *
 * <p>
 * Records on either topic that cannot be decoded are skipped and counted by the
 * deserialization handler that {@code RouterConfig} sets (see {@link RouterMetrics}).
 */
public final class RouterTopology {

	private RouterTopology() {
	}

	/**
	 * Builds the router's topology; nothing here connects to Kafka.
	 * @param topics the topics it reads and writes
	 * @param dedupWindow how long an event id is remembered per tenant; zero turns
	 * deduplication off
	 * @throws IllegalArgumentException if the window is negative or below a millisecond,
	 * the resolution of record timestamps
	 */
	public static Topology build(Topics topics, Duration dedupWindow) {
		return build(topics, dedupWindow, new RoutingCounts(new SimpleMeterRegistry()), TraceHops.NONE);
	}

	/**
	 * Builds the router's topology, counting what becomes of each event in {@code counts}
	 * and routing each as a {@code hookline.route} span of its trace ({@code traces});
	 * nothing here connects to Kafka.
	 * @param topics the topics it reads and writes
	 * @param dedupWindow how long an event id is remembered per tenant; zero turns
	 * deduplication off
	 * @throws IllegalArgumentException if the window is negative or below a millisecond,
	 * the resolution of record timestamps
	 */
	public static Topology build(Topics topics, Duration dedupWindow, RoutingCounts counts, TraceHops traces) {
		if (dedupWindow.isNegative() || (!dedupWindow.isZero() && dedupWindow.toMillis() == 0)) {
			throw new IllegalArgumentException(
					"the deduplication window must be zero (off) or at least 1ms, was " + dedupWindow);
		}
		StreamsBuilder builder = new StreamsBuilder();
		RulesCache rules = new RulesCache();
		TenantViews views = new TenantViews();
		Topic<String, Subscription> subscriptions = topics.subscriptions();
		builder.addGlobalStore(SubscriptionIndex.storeBuilder(topics), subscriptions.name(),
				Consumed.with(subscriptions.keySerde(), subscriptions.valueSerde()).withName("subscriptions"),
				() -> new SubscriptionIndexUpdater(rules, views));
		Topic<String, Event> events = topics.events();
		Topic<String, Delivery> deliveries = topics.deliveries();
		KStream<String, Event> stream = builder.stream(events.name(),
				Consumed.with(events.keySerde(), events.valueSerde()).withName("events"));
		if (!dedupWindow.isZero()) {
			builder.addStateStore(EventDeduplicator.storeBuilder(dedupWindow));
			stream = stream.processValues(() -> new EventDeduplicator(dedupWindow, counts), Named.as("deduplicate"),
					EventDeduplicator.STORE);
		}
		stream.process(() -> new RoutingProcessor(rules, views, counts, traces), Named.as("route"))
			.to(deliveries.name(),
					Produced.with(deliveries.keySerde(), deliveries.valueSerde()).withName("deliveries"));
		return builder.build();
	}

}
