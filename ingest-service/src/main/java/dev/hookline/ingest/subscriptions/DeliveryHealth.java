package dev.hookline.ingest.subscriptions;

/**
 * What the delivery log knows about one subscription's deliveries, shown with the
 * subscription and used to filter the list by last delivery status. Implemented by the
 * delivery log.
 */
public interface DeliveryHealth {

	/**
	 * The counters of one subscription of the tenant, over the delivery log's retention;
	 * {@link SubscriptionStats#NONE} when the log holds nothing for it. Never blocks on
	 * Kafka: it answers from what the log has read so far.
	 */
	SubscriptionStats stats(String tenant, String subscriptionId);

}
