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
	 * The subscriptions view could not catch up in time to tell: the delivery is
	 * deferred.
	 */
	SUBSCRIPTION_UNAVAILABLE(true),

	/**
	 * The signing secrets could not be decrypted (wrong keyset): the delivery is
	 * deferred.
	 */
	SECRET_UNAVAILABLE(true),

	/**
	 * The endpoint's circuit is open: the delivery is deferred to a retry tier without a
	 * request, keeping its attempt number.
	 */
	CIRCUIT_OPEN(true);

	private final boolean deferred;

	NotSent(boolean deferred) {
		this.deferred = deferred;
	}

	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Whether the delivery waits in a retry tier and is tried again, rather than ending
	 * here. No request was made, so this spends none of its attempts and never counts
	 * towards auto-disabling the subscription.
	 */
	boolean deferred() {
		return this.deferred;
	}

}
