package dev.hookline.cli.dlq;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import dev.hookline.schemas.Outcome;
import org.jspecify.annotations.Nullable;

/**
 * Which dead letters {@code dlq list} and {@code dlq replay} work on. An empty set or
 * list matches everything.
 *
 * @param subscriptions subscription ids
 * @param eventTypes patterns: an exact type, {@code prefix.*} or {@code *}
 * @param since last attempt at or after, or null
 * @param until last attempt before, or null
 * @param statuses an HTTP status ({@code 503}), a class ({@code 5xx}) or an error class
 * ({@code timeout})
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
						|| this.eventTypes.stream().anyMatch((p) -> typeMatches(p, letter.delivery().getEventType())))
				&& (this.since == null || !letter.lastAttemptAt().isBefore(this.since))
				&& (this.until == null || letter.lastAttemptAt().isBefore(this.until))
				&& (this.statuses.isEmpty() || this.statuses.stream()
					.anyMatch((s) -> statusMatches(s, letter.delivery().getLastOutcome())));
	}

	/** The same pattern rules as a subscription's event types. */
	static boolean typeMatches(String pattern, String type) {
		if (pattern.equals("*")) {
			return true;
		}
		if (pattern.endsWith(".*")) {
			return type.startsWith(pattern.substring(0, pattern.length() - 1));
		}
		return pattern.equals(type);
	}

	static boolean statusMatches(String wanted, @Nullable Outcome outcome) {
		if (outcome == null) {
			return false;
		}
		Integer status = outcome.getStatus();
		if (wanted.matches("\\d{3}")) {
			return status != null && status == Integer.parseInt(wanted);
		}
		if (wanted.matches("[1-5]xx")) {
			return status != null && status / 100 == wanted.charAt(0) - '0';
		}
		return wanted.equals(outcome.getError());
	}

}
