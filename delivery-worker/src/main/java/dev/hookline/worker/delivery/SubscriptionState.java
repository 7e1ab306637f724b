package dev.hookline.worker.delivery;

import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.Subscription;
import org.jspecify.annotations.Nullable;

/**
 * What the worker knows about a delivery's subscription at send time.
 *
 * @param status what to do about it
 * @param subscription the subscription, unless deleted or unknown
 */
record SubscriptionState(Status status, @Nullable Subscription subscription) {

	static final SubscriptionState DELETED = new SubscriptionState(Status.DELETED, null);

	static final SubscriptionState UNAVAILABLE = new SubscriptionState(Status.UNAVAILABLE, null);

	/** The state of a delivery's subscription, as the view holds it. */
	static SubscriptionState of(Delivery delivery, @Nullable Subscription subscription) {
		if (subscription == null) {
			return DELETED;
		}
		if (!subscription.getTenant().equals(delivery.getTenant())) {
			return new SubscriptionState(Status.FOREIGN, subscription);
		}
		return new SubscriptionState(subscription.getActive() ? Status.ACTIVE : Status.DISABLED, subscription);
	}

	enum Status {

		/** Send to it. */
		ACTIVE,

		/** It exists but is inactive. */
		DISABLED,

		/**
		 * It belongs to another tenant than the delivery: never sign or send, quarantine.
		 */
		FOREIGN,

		/** It is not in the view even after a read barrier. */
		DELETED,

		/** The view could not catch up in time to tell. */
		UNAVAILABLE

	}

}
