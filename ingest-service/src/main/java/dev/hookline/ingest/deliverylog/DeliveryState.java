package dev.hookline.ingest.deliverylog;

import dev.hookline.ingest.subscriptions.SubscriptionStats.LastStatus;
import org.jspecify.annotations.Nullable;

/**
 * Where a delivery stands, as the log last saw it; the API writes it as {@link #code()}.
 */
enum DeliveryState {

	/** No attempt yet, or queued again (replay, redeliver) after its last attempt. */
	PENDING("pending", null),

	/** Its last attempt failed and it waits in a retry tier. */
	RETRYING("retrying", LastStatus.FAILING),

	/** Its last attempt was answered 2xx. */
	DELIVERED("delivered", LastStatus.DELIVERED),

	/** Its last attempt exhausted the schedule: it is in the dead-letter topic. */
	DEAD_LETTERED("dead_lettered", LastStatus.DEAD_LETTERED),

	/**
	 * It ended without success for its subscription's sake: the subscription was deleted
	 * or disabled (also by this very answer, a 410 Gone).
	 */
	DROPPED("dropped", null);

	private final String code;

	private final @Nullable LastStatus counted;

	DeliveryState(String code, @Nullable LastStatus counted) {
		this.code = code;
		this.counted = counted;
	}

	String code() {
		return this.code;
	}

	/** The subscription counter this state counts in, or null for none. */
	@Nullable LastStatus counted() {
		return this.counted;
	}

	/**
	 * The state an attempt leaves its delivery in, from its {@code nextAction}: the
	 * worker's codes, or else the name of the retry topic it went to.
	 */
	static DeliveryState after(String nextAction) {
		return switch (nextAction) {
			case "done" -> DELIVERED;
			case "dlq" -> DEAD_LETTERED;
			case "dropped", "disabled" -> DROPPED;
			default -> RETRYING;
		};
	}

}
