package dev.hookline.ingest.deliverylog;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A delivery as {@code GET /v1/deliveries/{id}} shows it.
 *
 * @param id the delivery id, also the {@code webhook-id}
 * @param subscriptionId the subscription it goes to
 * @param eventId the event it carries
 * @param eventType the event's type
 * @param createdAt when the router made it, or null when the log has read only its
 * attempts
 * @param bodySha256 hex SHA-256 of the request body
 * @param state {@code pending}, {@code retrying}, {@code delivered},
 * {@code dead_lettered} or {@code dropped}
 * @param nextAttemptAt when the next attempt is due, while {@code retrying}
 * @param attempts its attempts, oldest first
 */
record DeliveryResource(String id, String subscriptionId, String eventId, String eventType, @Nullable Instant createdAt,
		@Nullable String bodySha256, String state, @Nullable Instant nextAttemptAt, List<LoggedAttempt> attempts) {

	static DeliveryResource of(StoredDelivery delivery) {
		return new DeliveryResource(delivery.id(), delivery.subscriptionId(), delivery.eventId(), delivery.eventType(),
				delivery.createdAt(), delivery.bodySha256(), delivery.state().code(), delivery.nextAttemptAt(),
				delivery.attempts());
	}
}
