package dev.hookline.worker.outcome;

import java.util.Locale;

/**
 * Why a delivery was not sent at all; {@link #code()} is the attempt's error.
 */
public enum NotSent {

	/** Its subscription no longer exists. */
	SUBSCRIPTION_DELETED(Action.DROPPED),

	/** Its subscription is inactive. */
	SUBSCRIPTION_DISABLED(Action.DROPPED),

	/** The subscriptions view could not catch up in time to tell. */
	SUBSCRIPTION_UNAVAILABLE(Action.FAILED),

	/** The signing secrets could not be decrypted (wrong keyset). */
	SECRET_UNAVAILABLE(Action.FAILED);

	private final Action action;

	NotSent(Action action) {
		this.action = action;
	}

	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	Action action() {
		return this.action;
	}

}
