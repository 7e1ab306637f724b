package dev.hookline.ingest.deliverylog;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.hookline.ingest.subscriptions.SubscriptionStats.LastStatus;

import dev.hookline.schemas.Attempt;
import dev.hookline.schemas.BodyHashes;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.QuarantineWriter;
import dev.hookline.schemas.Quarantines;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each record of {@code deliveries}, {@code attempts} and the DLQ into the
 * history's stores ({@link HistoryTopology}).
 *
 * <p>
 * Kafka Streams runs it at least once: after a crash, records since the last commit are
 * read again. Each step is idempotent for that: a delivery is entered in the timeline and
 * the event index only when the delivery store does not hold it yet, and written there
 * last, so a crash in between enters it again rather than never (the readers skip a
 * repeated delivery id); an attempt the delivery already holds is not logged twice. A
 * record that cannot be decoded is quarantined ({@link QuarantineWriter}) and passed
 * over.
 */
final class HistoryWriter implements Processor<byte[], byte[], Void, Void> {

	private static final Logger log = LoggerFactory.getLogger(HistoryWriter.class);

	private static final long MINUTE = Duration.ofMinutes(1).toMillis();

	private static final long HOUR = Duration.ofHours(1).toMillis();

	private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

	private final String attemptsTopic;

	private final String deadLettersTopic;

	private final Deserializer<Delivery> deliveryValues;

	private final Deserializer<Attempt> attemptValues;

	private final QuarantineWriter quarantine;

	private @Nullable ProcessorContext<Void, Void> context;

	private @Nullable KeyValueStore<String, byte[]> deliveries;

	/** The slice of delivery ids the next sweep looks at: 00 to ff after {@code msg_}. */
	private int slice;

	private @Nullable WindowStore<String, byte[]> attempts;

	private @Nullable WindowStore<String, byte[]> timeline;

	private @Nullable WindowStore<String, byte[]> events;

	private @Nullable WindowStore<String, byte[]> deadLetters;

	private @Nullable KeyValueStore<String, byte[]> stats;

	private @Nullable WindowStore<String, byte[]> minutes;

	private @Nullable WindowStore<String, byte[]> hours;

	private final Duration retention;

	HistoryWriter(String attemptsTopic, String deadLettersTopic, Deserializer<Delivery> deliveryValues,
			Deserializer<Attempt> attemptValues, QuarantineWriter quarantine, Duration retention) {
		this.retention = retention;
		this.attemptsTopic = attemptsTopic;
		this.deadLettersTopic = deadLettersTopic;
		this.deliveryValues = deliveryValues;
		this.attemptValues = attemptValues;
		this.quarantine = quarantine;
	}

	@Override
	public void init(ProcessorContext<Void, Void> context) {
		this.context = context;
		this.deliveries = context.getStateStore(HistoryTopology.DELIVERIES);
		this.attempts = context.getStateStore(HistoryTopology.ATTEMPTS);
		this.timeline = context.getStateStore(HistoryTopology.TIMELINE);
		this.events = context.getStateStore(HistoryTopology.EVENTS);
		this.deadLetters = context.getStateStore(HistoryTopology.DEAD_LETTERS);
		this.stats = context.getStateStore(HistoryTopology.STATS);
		this.minutes = context.getStateStore(HistoryTopology.MINUTES);
		this.hours = context.getStateStore(HistoryTopology.HOURS);
		context.schedule(SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::sweep);
	}

	@Override
	public void process(Record<byte[], byte[]> record) {
		RecordMetadata at = this.context.recordMetadata().orElseThrow();
		try {
			if (record.value() == null) {
				throw new SerializationException(
						"a record without a value (a tombstone) is neither a delivery nor an attempt");
			}
			if (at.topic().equals(this.attemptsTopic)) {
				attempted(this.attemptValues.deserialize(at.topic(), record.value()), record.timestamp());
			}
			else {
				Delivery delivery = this.deliveryValues.deserialize(at.topic(), record.value());
				queued(delivery, new StoredDelivery.Source(at.topic(), at.partition(), at.offset()),
						record.timestamp());
			}
		}
		catch (SerializationException ex) {
			this.quarantine.quarantine(
					new ConsumerRecord<>(at.topic(), at.partition(), at.offset(), record.key(), record.value()),
					Quarantines.UNDECODABLE, ex);
		}
		catch (RuntimeException ex) {
			// one record the history cannot take must not stop it for all the others
			log.error("the delivery history skipped the record at {}-{}@{}", at.topic(), at.partition(), at.offset(),
					ex);
		}
	}

	private void queued(Delivery delivery, StoredDelivery.Source source, long timestamp) {
		StoredDelivery found = find(delivery.getDeliveryId());
		if (found == null) {
			found = StoredDelivery.queued(delivery.getDeliveryId(), delivery.getTenant(), delivery.getSubscriptionId(),
					delivery.getEventId(), delivery.getEventType(), timestamp);
			entered(found);
		}
		String sha256 = BodyHashes.sha256Hex(delivery.getBody());
		boolean deadLettered = source.topic().equals(this.deadLettersTopic);
		StoredDelivery changed = deadLettered
				? found.deadLettered(delivery.getCreatedAt(), sha256, source, delivery.getDeadLetterReason())
				: found.queuedAgain(delivery.getCreatedAt(), delivery.getDueAt(), sha256, source);
		if (deadLettered && !source.equals(found.source())) {
			this.deadLetters.put(found.tenant(), DeadLetterIndex.entry(found.id(), source), timestamp);
		}
		this.deliveries.put(found.id(), HistoryJson.write(changed));
		counted(found, changed, null);
	}

	private void attempted(Attempt attempt, long timestamp) {
		StoredDelivery found = find(attempt.getDeliveryId());
		if (found == null) {
			found = StoredDelivery.queued(attempt.getDeliveryId(), attempt.getTenant(), attempt.getSubscriptionId(),
					attempt.getEventId(), attempt.getEventType(), timestamp);
			entered(found);
		}
		LoggedAttempt made = LoggedAttempt.of(attempt);
		if (found.has(made)) {
			return;
		}
		this.attempts.put(attempt.getSubscriptionId(), HistoryJson.write(made), made.at().toEpochMilli());
		StoredDelivery changed = found.attempted(made);
		this.deliveries.put(found.id(), HistoryJson.write(changed));
		counted(found, changed, made);
		period(this.minutes, attempt.getSubscriptionId(), MINUTE, made);
		period(this.hours, attempt.getSubscriptionId(), HOUR, made);
	}

	/** Counts an attempt in its minute's or hour's entry. */
	private static void period(WindowStore<String, byte[]> store, String subscriptionId, long length,
			LoggedAttempt attempt) {
		long start = Math.floorDiv(attempt.at().toEpochMilli(), length) * length;
		byte[] entry = store.fetch(subscriptionId, start);
		PeriodStats stats = (entry != null) ? PeriodStats.decode(entry) : new PeriodStats();
		store.put(subscriptionId, stats.add(attempt).encode(), start);
	}

	/**
	 * The subscription's counters, after one of its deliveries changed (and, for an
	 * attempt, its last success, failure and status).
	 */
	private void counted(StoredDelivery before, StoredDelivery after, @Nullable LoggedAttempt attempt) {
		LastStatus from = before.state().counted();
		LastStatus to = after.state().counted();
		if (from == to && attempt == null) {
			return;
		}
		byte[] json = this.stats.get(after.subscriptionId());
		CountedStats counts = (json != null) ? HistoryJson.read(json, CountedStats.class)
				: CountedStats.empty(after.tenant());
		counts = counts.moved(after.firstSeen(), from, to, this.retention, this.context.currentSystemTimeMs());
		if (attempt != null) {
			counts = counts.attempted(attempt);
		}
		this.stats.put(after.subscriptionId(), HistoryJson.write(counts));
	}

	/** A delivery heard of for the first time: into the timeline and the event index. */
	private void entered(StoredDelivery delivery) {
		byte[] id = delivery.id().getBytes(StandardCharsets.UTF_8);
		this.timeline.put(delivery.subscriptionId(), id, delivery.firstSeen());
		this.events.put(eventKey(delivery.tenant(), delivery.eventId()), id, delivery.firstSeen());
	}

	/**
	 * The delivery with this id, if this partition's store holds it within the retention.
	 */
	private @Nullable StoredDelivery find(String id) {
		byte[] json = this.deliveries.get(id);
		StoredDelivery found = (json != null) ? HistoryJson.read(json, StoredDelivery.class) : null;
		return (found != null && found.firstSeen() >= cutoff()) ? found : null;
	}

	/**
	 * Deletes the deliveries past the retention in one slice of the ids (1/256 of them),
	 * the next slice each time: every id is looked at once every 256 sweeps (about 4 h),
	 * and no sweep holds the thread for long. Reads check the retention themselves, so an
	 * entry awaiting its sweep is never answered.
	 */
	private void sweep(long now) {
		String prefix = String.format("msg_%02x", this.slice);
		this.slice = (this.slice + 1) % 256;
		long cutoff = now - this.retention.toMillis();
		List<String> expired = new ArrayList<>();
		try (KeyValueIterator<String, byte[]> entries = this.deliveries.prefixScan(prefix,
				Serdes.String().serializer())) {
			entries.forEachRemaining(entry -> {
				if (HistoryJson.read(entry.value, StoredDelivery.class).firstSeen() < cutoff) {
					expired.add(entry.key);
				}
			});
		}
		expired.forEach(this.deliveries::delete);
	}

	private long cutoff() {
		return this.context.currentSystemTimeMs() - this.retention.toMillis();
	}

	/** The key of the event index: event ids are unique per tenant only. */
	static String eventKey(String tenant, String eventId) {
		return tenant + "/" + eventId;
	}

}
