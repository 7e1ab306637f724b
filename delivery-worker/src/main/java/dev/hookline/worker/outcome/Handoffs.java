package dev.hookline.worker.outcome;

import java.time.Instant;

import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.Outcome;

/**
 * The records a failed delivery moves on as: the same delivery (same id, hence the same
 * {@code webhook-id}, same body) with what its attempts so far tell.
 */
final class Handoffs {

	/** Why a delivery is in the dead-letter topic when it tried every tier. */
	static final String EXHAUSTED = "exhausted";

	/**
	 * Why a delivery is in the dead-letter topic when Hookline disabled its subscription.
	 */
	static final String SUBSCRIPTION_DISABLED = "subscription_disabled";

	private Handoffs() {
	}

	/**
	 * The delivery as it waits in a retry tier: its next attempt number, when it is due,
	 * and the outcome of the attempt just made.
	 */
	static Delivery toTier(Delivery delivery, Outcome outcome, Instant dueAt) {
		return Delivery.newBuilder(delivery)
			.setAttempt(delivery.getAttempt() + 1)
			.setFirstAttemptAt(firstAttemptAt(delivery, outcome))
			.setDueAt(dueAt)
			.setLastOutcome(outcome)
			.setDeadLetterReason(null)
			.build();
	}

	/**
	 * The delivery as it waits in a retry tier after it was not sent: the same attempt
	 * number, first attempt and last outcome, since no request was made; only when it is
	 * due changes.
	 */
	static Delivery deferred(Delivery delivery, Instant dueAt) {
		return Delivery.newBuilder(delivery).setDueAt(dueAt).setDeadLetterReason(null).build();
	}

	/**
	 * The delivery as it ends in the dead-letter topic after an attempt: the number of
	 * attempts made, the first and the last attempt's time, and the last outcome. It is
	 * due at once, should it be replayed.
	 */
	static Delivery toDeadLetters(Delivery delivery, Outcome outcome, String reason) {
		return Delivery.newBuilder(delivery)
			.setFirstAttemptAt(firstAttemptAt(delivery, outcome))
			.setDueAt(outcome.getAt())
			.setLastOutcome(outcome)
			.setDeadLetterReason(reason)
			.build();
	}

	/**
	 * The delivery as it ends in the dead-letter topic without a request: its attempts
	 * and last real outcome stay as they were (the outcome of this non-attempt only when
	 * there was none), so the record still tells how the endpoint answered.
	 */
	static Delivery notSentToDeadLetters(Delivery delivery, Outcome notSent, String reason) {
		return Delivery.newBuilder(delivery)
			.setDueAt(notSent.getAt())
			.setLastOutcome((delivery.getLastOutcome() != null) ? delivery.getLastOutcome() : notSent)
			.setDeadLetterReason(reason)
			.build();
	}

	private static Instant firstAttemptAt(Delivery delivery, Outcome outcome) {
		return (delivery.getFirstAttemptAt() != null) ? delivery.getFirstAttemptAt() : outcome.getAt();
	}

}
