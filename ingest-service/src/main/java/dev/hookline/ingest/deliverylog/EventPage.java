package dev.hookline.ingest.deliverylog;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A page of a subscription's event history: one entry per delivery, newest first.
 *
 * @param data the deliveries
 * @param next the {@code after} value of the next page, or null on the last
 */
record EventPage(List<Entry> data, @Nullable String next) {

	/**
	 * One event as the subscription received it.
	 *
	 * @param deliveryId the delivery, also the {@code webhook-id}
	 * @param eventId the event
	 * @param eventType its type
	 * @param createdAt when the router made the delivery, or null while only its attempts
	 * were read
	 * @param state {@code pending}, {@code retrying}, {@code delivered},
	 * {@code dead_lettered} or {@code dropped}
	 * @param attempts how many attempts the history holds of it
	 * @param lastStatus the HTTP status of its last attempt, or null
	 * @param lastError why its last attempt had no usable answer, or null
	 * @param lastAttemptAt when its last attempt ended, or null
	 * @param nextAttemptAt when its next attempt is due, while {@code retrying}
	 * @param bodySha256 hex SHA-256 of the request body, or null
	 */
	record Entry(String deliveryId, String eventId, String eventType, @Nullable Instant createdAt, String state,
			int attempts, @Nullable Integer lastStatus, @Nullable String lastError, @Nullable Instant lastAttemptAt,
			@Nullable Instant nextAttemptAt, @Nullable String bodySha256) {

		static Entry of(StoredDelivery delivery) {
			LoggedAttempt last = delivery.lastAttempt();
			return new Entry(delivery.id(), delivery.eventId(), delivery.eventType(), delivery.createdAt(),
					delivery.state().code(), delivery.attempts().size(), (last != null) ? last.status() : null,
					(last != null) ? last.error() : null, (last != null) ? last.at() : null, delivery.nextAttemptAt(),
					delivery.bodySha256());
		}

	}

}
