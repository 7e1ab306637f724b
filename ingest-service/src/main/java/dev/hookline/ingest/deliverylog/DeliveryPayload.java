package dev.hookline.ingest.deliverylog;

import java.nio.charset.StandardCharsets;

import dev.hookline.schemas.BodyHashes;
import dev.hookline.schemas.Delivery;
import tools.jackson.databind.JsonNode;

/**
 * What {@code GET /v1/deliveries/{id}/payload} answers: the exact body the delivery's
 * requests carry, as JSON, with the hash its attempts show.
 *
 * @param deliveryId the delivery id, also the {@code webhook-id} the endpoint sees
 * @param subscriptionId the subscription it goes to
 * @param eventId the event it carries
 * @param eventType the event's type
 * @param bodySha256 hex SHA-256 of the body's bytes, as in the attempts
 * @param body the body: the event as the endpoint receives it, after the subscription's
 * field allowlist
 */
record DeliveryPayload(String deliveryId, String subscriptionId, String eventId, String eventType, String bodySha256,
		JsonNode body) {

	static DeliveryPayload of(Delivery delivery) {
		return new DeliveryPayload(delivery.getDeliveryId(), delivery.getSubscriptionId(), delivery.getEventId(),
				delivery.getEventType(), BodyHashes.sha256Hex(delivery.getBody()),
				HistoryJson.tree(StandardCharsets.UTF_8.decode(delivery.getBody().duplicate()).toString()));
	}

}
