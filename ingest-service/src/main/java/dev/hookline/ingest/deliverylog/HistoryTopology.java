package dev.hookline.ingest.deliverylog;

import java.time.Duration;

import dev.hookline.schemas.Attempt;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.QuarantineWriter;
import dev.hookline.schemas.Topics;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The delivery history as a Kafka Streams topology: one processor ({@link HistoryWriter})
 * reads {@code deliveries}, {@code attempts} and {@code deliveries.dlq}, all keyed by
 * subscription id and so co-partitioned, into six RocksDB window stores and two key-value
 * stores of the same task, so that a subscription's whole history lives in one
 * partition's stores:
 * <ul>
 * <li>{@value #DELIVERIES}: delivery id to {@link StoredDelivery} (a key-value store,
 * swept of what is past the retention);</li>
 * <li>{@value #ATTEMPTS}: subscription id to each attempt ({@link LoggedAttempt}), at the
 * time it ended: the delivery log, read newest first;</li>
 * <li>{@value #TIMELINE}: subscription id to each delivery id, at its first time: the
 * subscription's event history;</li>
 * <li>{@value #EVENTS}: {@code tenant/eventId} to each of the event's delivery ids in
 * this partition;</li>
 * <li>{@value #DEAD_LETTERS}: tenant to each delivery dead-lettered in this partition
 * ({@link DeadLetterIndex}), at the time of its DLQ record: the tenant's dead letters,
 * read newest first, without reading the DLQ;</li>
 * <li>{@value #STATS}: subscription id to its {@link CountedStats}, a key-value store
 * whose compacted changelog every instance reads ({@link HistoryView#counts});</li>
 * <li>{@value #MINUTES} and {@value #HOURS}: subscription id to its attempts of each
 * minute and hour ({@link PeriodStats}), for the analytics.</li>
 * </ul>
 * Window stores are Kafka Streams' time-bounded stores: a read never returns an entry
 * older than the retention (counted from the newest record the partition saw), and
 * RocksDB drops the oldest segment (half a retention long) as a whole, so expiry costs no
 * scan.
 */
final class HistoryTopology {

	static final String DELIVERIES = "history-deliveries";

	static final String ATTEMPTS = "history-attempts";

	static final String TIMELINE = "history-timeline";

	static final String EVENTS = "history-events";

	static final String DEAD_LETTERS = "history-dead-letters";

	static final String STATS = "history-stats";

	static final String MINUTES = "history-minutes";

	static final String HOURS = "history-hours";

	private static final Duration WINDOW = Duration.ofMillis(1);

	private HistoryTopology() {
	}

	static Topology build(Topics topics, Duration retention, QuarantineWriter quarantine) {
		Topology topology = new Topology();
		Deserializer<byte[]> bytes = Serdes.ByteArray().deserializer();
		topology.addSource("history-source", bytes, bytes, topics.deliveries().name(), topics.attempts().name(),
				topics.deadLetters().name());
		Deserializer<Delivery> deliveries = topics.deliveries().valueSerde().deserializer();
		Deserializer<Attempt> attempts = topics.attempts().valueSerde().deserializer();
		topology.addProcessor("history-writer", () -> new HistoryWriter(topics.attempts().name(),
				topics.deadLetters().name(), deliveries, attempts, quarantine, retention), "history-source");
		// a key-value store, looked up by id: a window store would answer that lookup
		// with a range over all time, which its cache answers by copying every key it
		// holds (Kafka Streams 4.2's NamedCache; 2,000 records/s in the bench). The cache
		// folds a delivery's rewrites within a commit interval; HistoryWriter sweeps out
		// what is past the retention
		topology.addStateStore(Stores
			.keyValueStoreBuilder(Stores.persistentKeyValueStore(DELIVERIES), Serdes.String(), Serdes.ByteArray())
			.withCachingEnabled(), "history-writer");
		topology.addStateStore(store(ATTEMPTS, retention, true), "history-writer");
		topology.addStateStore(store(TIMELINE, retention, true), "history-writer");
		topology.addStateStore(store(EVENTS, retention, true), "history-writer");
		topology.addStateStore(store(DEAD_LETTERS, retention, true), "history-writer");
		// a subscription's attempts per minute and per hour, rewritten at each attempt
		topology.addStateStore(store(MINUTES, retention, false).withCachingEnabled(), "history-writer");
		topology.addStateStore(store(HOURS, retention, false).withCachingEnabled(), "history-writer");
		// rewritten at each change of a delivery: the cache folds those rewrites, and its
		// compacted changelog is what every instance reads the counters from
		topology.addStateStore(
				Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATS), Serdes.String(), Serdes.ByteArray())
					.withCachingEnabled(),
				"history-writer");
		return topology;
	}

	private static StoreBuilder<WindowStore<String, byte[]>> store(String name, Duration retention,
			boolean duplicates) {
		return Stores.windowStoreBuilder(Stores.persistentWindowStore(name, retention, WINDOW, duplicates),
				Serdes.String(), Serdes.ByteArray());
	}

}
