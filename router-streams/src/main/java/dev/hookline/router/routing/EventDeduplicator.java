package dev.hookline.router.routing;

import java.time.Duration;

import dev.hookline.schemas.Event;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Drops an event whose tenant already published its id within the window, so that a
 * retried publish (same ids, hence the same Kafka key and partition) reaches no endpoint
 * twice.
 *
 * <p>
 * Only (tenant, id) is compared, never the payload: a different event that reuses an id
 * within the window is dropped as a copy. Two events are copies when their record
 * timestamps are less than one window apart, in either order; the window counts from the
 * copy that was routed and later copies do not extend it, so an id routes at most once
 * per window. The ids seen are partition-local state: the same event published again with
 * another ordering {@code key} gets another Kafka key, may land on another partition, and
 * is then routed again. An event more than one window older than the newest event of its
 * partition is not remembered (its entry would already have expired), so a later copy of
 * it routes too. Dropped copies are counted in {@link RouterMetrics#DUPLICATE_EVENTS}.
 *
 * <p>
 * The ids live in a persistent window store ({@value #STORE}) whose segments are dropped
 * whole as stream time passes, with no punctuator scanning it. It is changelogged, and
 * under exactly-once its writes commit in the same transaction as the deliveries they
 * allowed, so after a crash the store and the output agree.
 */
final class EventDeduplicator implements FixedKeyProcessor<String, Event, Event> {

	static final String STORE = "seen-event-ids";

	// Presence is all that matters; a window store cannot hold null, which means delete.
	private static final byte[] SEEN = new byte[0];

	private final long windowMs;

	private FixedKeyProcessorContext<String, Event> context;

	private WindowStore<String, byte[]> seen;

	private Sensor duplicates;

	EventDeduplicator(Duration window) {
		this.windowMs = window.toMillis();
	}

	/**
	 * A RocksDB window store that keeps each id for one window (plus, at most, half a
	 * window until its segment expires as a whole).
	 */
	static StoreBuilder<WindowStore<String, byte[]>> storeBuilder(Duration window) {
		return Stores.windowStoreBuilder(Stores.persistentWindowStore(STORE, window, window, false), Serdes.String(),
				Serdes.ByteArray());
	}

	@Override
	public void init(FixedKeyProcessorContext<String, Event> context) {
		this.context = context;
		this.seen = context.getStateStore(STORE);
		this.duplicates = RouterMetrics.duplicateEventsSensor(context);
	}

	@Override
	public void process(FixedKeyRecord<String, Event> record) {
		Event event = record.value();
		if (event == null) {
			return;
		}
		// Record time, not the wall clock: under exactly-once a crash aborts the
		// transaction and the events are processed again, maybe hours later, from a store
		// restored to the last commit; only record time makes that run decide exactly as
		// the aborted one did. It is also the clock by which the store expires segments.
		long now = record.timestamp();
		String key = key(event.getTenant(), event.getId());
		if (seenWithinWindow(key, now)) {
			this.duplicates.record();
			return;
		}
		// An event behind the store's horizon is not written: the store may drop the
		// write
		// and count it in dropped-records-total, and no later lookup would reach it
		// anyway.
		if (now > this.context.currentStreamTimeMs() - this.windowMs) {
			this.seen.put(key, SEEN, now);
		}
		this.context.forward(record);
	}

	@Override
	public void close() {
		this.context.metrics().removeSensor(this.duplicates);
	}

	private boolean seenWithinWindow(String key, long now) {
		// Both sides of now: a retry stamped by another ingest instance's clock may sort
		// before the copy it repeats. hasNext() reads no value.
		try (WindowStoreIterator<byte[]> copies = this.seen.fetch(key, now - this.windowMs + 1,
				now + this.windowMs - 1)) {
			return copies.hasNext();
		}
	}

	/**
	 * The store key of an event: the tenant's length prefixed, so that tenant {@code a/b}
	 * with id {@code c} and tenant {@code a} with id {@code b/c} stay apart.
	 */
	static String key(String tenant, String eventId) {
		return tenant.length() + ":" + tenant + "/" + eventId;
	}

}
