package dev.hookline.cli.dlq;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import dev.hookline.schemas.EventTypePatterns;
import dev.hookline.schemas.Outcome;
import dev.hookline.schemas.OutcomePatterns;
import org.jspecify.annotations.Nullable;

/**
 * Which dead letters {@code dlq list} and {@code dlq replay} work on. An empty set or
 * list matches everything.
 *
 * @param subscriptions subscription ids
 * @param eventTypes patterns, as a subscription's ({@link EventTypePatterns}): an exact
 * type, {@code prefix.*}, or {@code *} (every type but Hookline's operational events)
 * @param since last attempt at or after, or null
 * @param until last attempt before, or null
 * @param statuses normalized {@link OutcomePatterns}: an HTTP status ({@code 503}), a
 * class ({@code 5xx}) or an error class ({@code timeout})
 */
record DeadLetterFilter(Set<String> subscriptions, List<String> eventTypes, @Nullable Instant since,
		@Nullable Instant until, List<String> statuses) implements Predicate<DeadLetter> {

	static DeadLetterFilter all() {
		return new DeadLetterFilter(Set.of(), List.of(), null, null, List.of());
	}

	@Override
	public boolean test(DeadLetter letter) {
		return (this.subscriptions.isEmpty() || this.subscriptions.contains(letter.delivery().getSubscriptionId()))
				&& (this.eventTypes.isEmpty()
						|| EventTypePatterns.anyMatches(this.eventTypes, letter.delivery().getEventType()))
				&& (this.since == null || !letter.lastAttemptAt().isBefore(this.since))
				&& (this.until == null || letter.lastAttemptAt().isBefore(this.until))
				&& (this.statuses.isEmpty() || lastEnded(letter.delivery().getLastOutcome()));
	}

	private boolean lastEnded(@Nullable Outcome outcome) {
		return outcome != null && this.statuses.stream()
			.anyMatch((pattern) -> OutcomePatterns.matches(pattern, outcome.getStatus(), outcome.getError()));
	}

}
