package dev.hookline.worker;

import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.Subscription;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The ids a log line about a delivery or a subscription carries as key-value pairs. In
 * JSON logs ({@code logging.structured.format.console=logstash} or {@code ecs}) each is a
 * field of its own, to search and group by; plain-text logs leave them out, and their
 * messages name the delivery or subscription as before. Ids only: never a body, a URL, a
 * header or a secret.
 */
public final class LogKeys {

	private LogKeys() {
	}

	/**
	 * {@code deliveryId}, {@code subscriptionId}, {@code tenant}, {@code eventId},
	 * {@code attempt}.
	 */
	public static LoggingEventBuilder delivery(LoggingEventBuilder event, Delivery delivery) {
		return event.addKeyValue("deliveryId", delivery.getDeliveryId())
			.addKeyValue("subscriptionId", delivery.getSubscriptionId())
			.addKeyValue("tenant", delivery.getTenant())
			.addKeyValue("eventId", delivery.getEventId())
			.addKeyValue("attempt", delivery.getAttempt());
	}

	/** {@code subscriptionId}, {@code tenant}. */
	public static LoggingEventBuilder subscription(LoggingEventBuilder event, Subscription subscription) {
		return event.addKeyValue("subscriptionId", subscription.getId())
			.addKeyValue("tenant", subscription.getTenant());
	}

}
