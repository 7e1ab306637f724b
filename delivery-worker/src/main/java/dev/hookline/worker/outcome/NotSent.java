package dev.hookline.worker.outcome;

import java.util.Locale;

/**
 * Why a delivery was not sent at all; {@link #code()} is the attempt's error. No request
 * was made, so none of these spends an attempt or counts towards auto-disabling the
 * subscription.
 */
public enum NotSent {

	/** Its subscription no longer exists: the delivery is dropped. */
	SUBSCRIPTION_DELETED(Fate.DROPPED),

	/** An admin deactivated its subscription: the delivery is dropped. */
	SUBSCRIPTION_DEACTIVATED(Fate.DROPPED),

	/**
	 * Hookline disabled its subscription (its endpoint answered 410 Gone, or failed for
	 * too long): the delivery goes to the dead-letter topic, to be replayed once the
	 * subscription is fixed and enabled again.
	 */
	SUBSCRIPTION_DISABLED(Fate.DEAD_LETTERED),

	/**
	 * The subscriptions view could not catch up in time to tell: the delivery is
	 * deferred.
	 */
	SUBSCRIPTION_UNAVAILABLE(Fate.DEFERRED),

	/**
	 * The signing secrets could not be decrypted (wrong keyset): the delivery is
	 * deferred.
	 */
	SECRET_UNAVAILABLE(Fate.DEFERRED),

	/**
	 * The endpoint's circuit is open: the delivery is deferred to a retry tier without a
	 * request, keeping its attempt number.
	 */
	CIRCUIT_OPEN(Fate.DEFERRED);

	private final Fate fate;

	NotSent(Fate fate) {
		this.fate = fate;
	}

	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	Fate fate() {
		return this.fate;
	}

	/** What becomes of a delivery that was not sent. */
	enum Fate {

		/** It ends here, recorded as {@code dropped}. */
		DROPPED,

		/** It waits in a retry tier and is tried again, with its attempt number. */
		DEFERRED,

		/** It goes to the dead-letter topic, with this reason, for replay. */
		DEAD_LETTERED

	}

}
