package dev.hookline.ingest.deliverylog;

import java.time.Instant;
import java.util.Comparator;

import dev.hookline.schemas.Attempt;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of one delivery, as the log keeps it and the API shows it.
 *
 * @param deliveryId the delivery, also the {@code webhook-id} the endpoint saw
 * @param eventId the event it carried
 * @param eventType the event's type
 * @param attempt its number, from 1 (a redelivery starts again at 1)
 * @param at when it ended
 * @param status the HTTP status, when the endpoint answered
 * @param error why there was no usable answer ({@code timeout}, {@code connect_error},
 * ...), or null
 * @param latencyMs how long it took
 * @param responseSnippet the start of the response body, or null
 * @param bodySha256 hex SHA-256 of the request body
 * @param nextAction what followed: {@code done}, the retry topic, {@code dlq},
 * {@code dropped} or {@code disabled}
 * @param nextAttemptAt when the next attempt is due, when it went to a retry topic
 */
record LoggedAttempt(String deliveryId, String eventId, String eventType, int attempt, Instant at,
		@Nullable Integer status, @Nullable String error, long latencyMs, @Nullable String responseSnippet,
		String bodySha256, String nextAction, @Nullable Instant nextAttemptAt) {

	/** Oldest first; one delivery's attempt at one instant is one attempt. */
	static final Comparator<LoggedAttempt> ORDER = Comparator.comparing(LoggedAttempt::at)
		.thenComparing(LoggedAttempt::deliveryId)
		.thenComparingInt(LoggedAttempt::attempt);

	/** The attempt as the history stores it. */
	static LoggedAttempt of(Attempt attempt) {
		return new LoggedAttempt(attempt.getDeliveryId(), attempt.getEventId(), attempt.getEventType(),
				attempt.getAttempt(), attempt.getOutcome().getAt(), attempt.getOutcome().getStatus(),
				attempt.getOutcome().getError(), attempt.getOutcome().getLatencyMs(), attempt.getResponseSnippet(),
				attempt.getBodySha256(), attempt.getNextAction(), attempt.getNextAttemptAt());
	}

	/** A key for {@link #ORDER}, to page from. */
	static LoggedAttempt key(Instant at, String deliveryId, int attempt) {
		return new LoggedAttempt(deliveryId, "", "", attempt, at, null, null, 0, null, "", "", null);
	}

	boolean succeeded() {
		return this.status != null && this.status >= 200 && this.status < 300;
	}

	DeliveryState leaves() {
		return DeliveryState.after(this.nextAction);
	}

}
