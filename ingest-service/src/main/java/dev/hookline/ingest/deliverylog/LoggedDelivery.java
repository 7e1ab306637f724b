package dev.hookline.ingest.deliverylog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One delivery in the log: what its records on {@code deliveries} said, and its attempts
 * in order. Mutable; guarded by the {@link DeliveryLog}'s lock.
 */
final class LoggedDelivery {

	/** Attempts kept per delivery, the newest; far beyond one schedule's worth. */
	static final int MAX_ATTEMPTS = 100;

	private final String id;

	private final SubscriptionLog subscription;

	private final String eventId;

	private final String eventType;

	private @Nullable Instant createdAt;

	private @Nullable String bodySha256;

	/**
	 * The due time of its latest record on {@code deliveries}, in epoch millis: no
	 * attempt of that record ends before it, so a later attempt is the answer to it.
	 */
	private long queuedAt = Long.MIN_VALUE;

	/** The timestamp of its newest record, in epoch millis. */
	private long lastSeen = Long.MIN_VALUE;

	private final List<LoggedAttempt> attempts = new ArrayList<>(2);

	LoggedDelivery(String id, SubscriptionLog subscription, String eventId, String eventType) {
		this.id = id;
		this.subscription = subscription;
		this.eventId = eventId;
		this.eventType = eventType.intern();
	}

	/** A record of it on {@code deliveries}: the first, or a replay or redelivery. */
	void queued(Instant createdAt, Instant dueAt, String bodySha256, long timestamp) {
		this.createdAt = createdAt;
		if (!bodySha256.equals(this.bodySha256)) {
			this.bodySha256 = bodySha256;
		}
		this.queuedAt = Math.max(this.queuedAt, dueAt.toEpochMilli());
		seen(timestamp);
	}

	/**
	 * Adds an attempt in its place among the others.
	 * @return false when it was already there (a record read twice)
	 */
	boolean attempted(LoggedAttempt attempt, long timestamp) {
		seen(timestamp);
		int at = Collections.binarySearch(this.attempts, attempt, LoggedAttempt.ORDER);
		if (at >= 0) {
			return false;
		}
		this.attempts.add(-at - 1, attempt);
		if (this.bodySha256 == null) {
			this.bodySha256 = attempt.bodySha256();
		}
		return true;
	}

	/** Drops the oldest attempt when it has too many; returns it, or null. */
	@Nullable LoggedAttempt trimmed() {
		return (this.attempts.size() > MAX_ATTEMPTS) ? this.attempts.remove(0) : null;
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

	private void seen(long timestamp) {
		this.lastSeen = Math.max(this.lastSeen, timestamp);
	}

	String id() {
		return this.id;
	}

	SubscriptionLog subscription() {
		return this.subscription;
	}

	String eventId() {
		return this.eventId;
	}

	String eventType() {
		return this.eventType;
	}

	@Nullable Instant createdAt() {
		return this.createdAt;
	}

	@Nullable String bodySha256() {
		return this.bodySha256;
	}

	long lastSeen() {
		return this.lastSeen;
	}

	List<LoggedAttempt> attempts() {
		return Collections.unmodifiableList(this.attempts);
	}

}
