package dev.hookline.ingest.deliverylog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One delivery as the history stores it (JSON, in RocksDB): what its records on
 * {@code deliveries} and {@code deliveries.dlq} said, its newest attempts in order, and
 * where its newest record with a body is, for redeliver. Immutable: every change makes a
 * new one.
 *
 * @param id the delivery id, also the {@code webhook-id}
 * @param tenant its tenant
 * @param subscriptionId the subscription it goes to
 * @param eventId the event it carries
 * @param eventType the event's type
 * @param firstSeen the timestamp of the first record the history read of it, in epoch
 * millis: its place in the stores, which keep it for the retention from then
 * @param createdAt when the router made it, or null while only its attempts were read
 * @param bodySha256 hex SHA-256 of the request body, or null
 * @param queuedAt the due time of its latest record on {@code deliveries}, in epoch
 * millis: no attempt of that record ends before it, so a later attempt answers it
 * @param attempts its newest {@link #MAX_ATTEMPTS} attempts, oldest first
 * @param source its newest record on {@code deliveries} or the DLQ, or null
 * @param deadLetterReason why it was dead-lettered, when its newest source is the DLQ
 */
record StoredDelivery(String id, String tenant, String subscriptionId, String eventId, String eventType, long firstSeen,
		@Nullable Instant createdAt, @Nullable String bodySha256, long queuedAt, List<LoggedAttempt> attempts,
		@Nullable Source source, @Nullable String deadLetterReason) {

	/** Attempts kept per delivery, the newest; far beyond one schedule's worth. */
	static final int MAX_ATTEMPTS = 100;

	/**
	 * A record of a delivery in Kafka.
	 *
	 * @param topic its topic
	 * @param partition its partition
	 * @param offset its offset
	 */
	record Source(String topic, int partition, long offset) {

	}

	/** A delivery first heard of through a record of {@code deliveries} or the DLQ. */
	static StoredDelivery queued(String id, String tenant, String subscriptionId, String eventId, String eventType,
			long timestamp) {
		return new StoredDelivery(id, tenant, subscriptionId, eventId, eventType, timestamp, null, null, Long.MIN_VALUE,
				List.of(), null, null);
	}

	/**
	 * With a record of it on {@code deliveries}: the first, or a replay or redelivery.
	 */
	StoredDelivery queuedAgain(Instant created, Instant dueAt, String sha256, Source at) {
		return new StoredDelivery(this.id, this.tenant, this.subscriptionId, this.eventId, this.eventType,
				this.firstSeen, created, sha256, Math.max(this.queuedAt, dueAt.toEpochMilli()), this.attempts, at,
				null);
	}

	/** With its record on the DLQ, which now holds its body. */
	StoredDelivery deadLettered(Instant created, String sha256, Source at, @Nullable String reason) {
		return new StoredDelivery(this.id, this.tenant, this.subscriptionId, this.eventId, this.eventType,
				this.firstSeen, (this.createdAt != null) ? this.createdAt : created,
				(this.bodySha256 != null) ? this.bodySha256 : sha256, this.queuedAt, this.attempts, at, reason);
	}

	/** Whether it holds this attempt already (a record read twice). */
	boolean has(LoggedAttempt attempt) {
		return Collections.binarySearch(this.attempts, attempt, LoggedAttempt.ORDER) >= 0;
	}

	/**
	 * With one more attempt in its place among the others, the oldest dropped past the
	 * cap.
	 */
	StoredDelivery attempted(LoggedAttempt attempt) {
		List<LoggedAttempt> more = new ArrayList<>(this.attempts.size() + 1);
		more.addAll(this.attempts);
		int at = Collections.binarySearch(more, attempt, LoggedAttempt.ORDER);
		if (at < 0) {
			more.add(-at - 1, attempt);
		}
		if (more.size() > MAX_ATTEMPTS) {
			more.remove(0);
		}
		return new StoredDelivery(this.id, this.tenant, this.subscriptionId, this.eventId, this.eventType,
				this.firstSeen, this.createdAt, (this.bodySha256 != null) ? this.bodySha256 : attempt.bodySha256(),
				this.queuedAt, List.copyOf(more), this.source, this.deadLetterReason);
	}

	DeliveryState state() {
		LoggedAttempt last = lastAttempt();
		if (last == null || this.queuedAt > last.at().toEpochMilli()) {
			return DeliveryState.PENDING;
		}
		return last.leaves();
	}

	/** When the next attempt is due, while it is retrying. */
	@Nullable Instant nextAttemptAt() {
		LoggedAttempt last = lastAttempt();
		return (state() == DeliveryState.RETRYING && last != null) ? last.nextAttemptAt() : null;
	}

	@Nullable LoggedAttempt lastAttempt() {
		return this.attempts.isEmpty() ? null : this.attempts.get(this.attempts.size() - 1);
	}

}
