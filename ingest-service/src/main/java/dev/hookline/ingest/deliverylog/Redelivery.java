package dev.hookline.ingest.deliverylog;

import java.time.Instant;

/**
 * The answer to a redeliver request: which delivery was queued again, and when.
 *
 * @param deliveryId the delivery id, also the {@code webhook-id} the endpoint sees
 * @param subscriptionId the subscription it goes to
 * @param eventId the event it carries
 * @param queuedAt when the new attempt was queued; it is due from then on
 */
record Redelivery(String deliveryId, String subscriptionId, String eventId, Instant queuedAt) {

}
