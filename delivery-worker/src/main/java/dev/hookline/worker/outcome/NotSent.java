package dev.hookline.worker.outcome;

import java.util.Locale;

/**
 * Why a delivery was not sent at all; {@link #code()} is the attempt's error.
 */
public enum NotSent {

	/** Its subscription no longer exists: the delivery is dropped. */
	SUBSCRIPTION_DELETED(false),

	/** Its subscription is inactive: the delivery is dropped. */
	SUBSCRIPTION_DISABLED(false),

	/**
	 * The subscriptions view could not catch up in time to tell: the delivery is retried.
	 */
	SUBSCRIPTION_UNAVAILABLE(true),

	/**
	 * The signing secrets could not be decrypted (wrong keyset): the delivery is retried.
	 */
	SECRET_UNAVAILABLE(true),

	/**
	 * The endpoint's circuit is open: the delivery is handed to the retry tiers without a
	 * request, as after a failed attempt, and this counts as one of its attempts.
	 */
	CIRCUIT_OPEN(true);

	private final boolean retried;

	NotSent(boolean retried) {
		this.retried = retried;
	}

	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Whether the delivery follows the retry schedule, rather than ending here. Such a
	 * failure is the worker's, not the endpoint's, so it never counts towards
	 * auto-disabling the subscription.
	 */
	boolean retried() {
		return this.retried;
	}

}
