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
 *
 * <p>
 * An id is filed under the start of the window-long bucket its record time falls in, with
 * that exact time as its value. A lookup is then a few point reads (the buckets within
 * one window either side of the event, at most three), which RocksDB answers from its
 * Bloom filters when the id is new, as it nearly always is, instead of a range read that
 * opens an iterator on every segment. Comparing the stored time keeps the window exact.
 */
final class EventDeduplicator implements FixedKeyProcessor<String, Event, Event> {

	static final String STORE = "seen-event-ids";

	private final long windowMs;

	private FixedKeyProcessorContext<String, Event> context;

	private WindowStore<String, Long> seen;

	private Sensor duplicates;

	private final RoutingCounts counts;

	EventDeduplicator(Duration window, RoutingCounts counts) {
		this.windowMs = window.toMillis();
		this.counts = counts;
	}

	/**
	 * A RocksDB window store of buckets one window long, kept for two windows: an id
	 * stays until stream time is one window past its bucket's end, and at most one window
	 * longer, until its segment (one window long) expires as a whole. So every id routed
	 * within the last window is still there.
	 */
	static StoreBuilder<WindowStore<String, Long>> storeBuilder(Duration window) {
		return Stores.windowStoreBuilder(Stores.persistentWindowStore(STORE, window.multipliedBy(2), window, false),
				Serdes.String(), Serdes.Long());
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
			this.counts.duplicate();
			return;
		}
		// An event behind the store's horizon is not written: the store may drop the
		// write
		// and count it in dropped-records-total, and no later lookup would reach it
		// anyway.
		if (now > this.context.currentStreamTimeMs() - this.windowMs) {
			this.seen.put(key, now, bucket(now));
		}
		this.context.forward(record);
	}

	@Override
	public void close() {
		this.context.metrics().removeSensor(this.duplicates);
	}

	private boolean seenWithinWindow(String key, long now) {
		// Both sides of now: a retry stamped by another ingest instance's clock may sort
		// before the copy it repeats.
		long last = now + this.windowMs - 1;
		for (long bucket = bucket(now - this.windowMs + 1); bucket <= last; bucket += this.windowMs) {
			Long routedAt = this.seen.fetch(key, bucket);
			if (routedAt != null && Math.abs(routedAt - now) < this.windowMs) {
				return true;
			}
		}
		return false;
	}

	private long bucket(long timestamp) {
		return Math.floorDiv(timestamp, this.windowMs) * this.windowMs;
	}

	/**
	 * The store key of an event: the tenant's length prefixed, so that tenant {@code a/b}
	 * with id {@code c} and tenant {@code a} with id {@code b/c} stay apart.
	 */
	static String key(String tenant, String eventId) {
		return tenant.length() + ":" + tenant + "/" + eventId;
	}

}
