package dev.hookline.ingest.deliverylog;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.hookline.ingest.http.PageSize;
import dev.hookline.schemas.EventTypePatterns;
import dev.hookline.schemas.OutcomePatterns;
import org.jspecify.annotations.Nullable;

/**
 * The filters and page of {@code GET /v1/dead-letters}, parsed from its query parameters.
 * A malformed parameter fails with a 400 naming it.
 *
 * @param subscriptions only dead letters of these subscriptions; empty for all
 * @param eventTypes only these event types: exact ({@code invoice.paid}), a prefix
 * ({@code invoice.*}) or {@code *}, as a subscription selects them
 * ({@link EventTypePatterns}); empty for all
 * @param statuses only deliveries whose last attempt ended so: an HTTP status
 * ({@code 503}), a class ({@code 5xx}) or an error ({@code timeout}); empty for all
 * @param since only dead letters written at or after this instant, or null
 * @param until only dead letters written before this instant, or null
 * @param limit the most dead letters on the page
 * @param after the position to page on from (the cursor), or null
 */
record DeadLetterQuery(Set<String> subscriptions, List<String> eventTypes, List<String> statuses,
		@Nullable Instant since, @Nullable Instant until, int limit, EventQuery.@Nullable Position after) {

	/** Subscriptions one query may name. */
	static final int MAX_SUBSCRIPTIONS = 100;

	/** The list's order: newest first, then by delivery id from the highest. */
	static final Comparator<EventQuery.Position> ORDER = Comparator.comparingLong(EventQuery.Position::at)
		.thenComparing(EventQuery.Position::deliveryId)
		.reversed();

	/** Whether {@code one} comes after {@code other} in the list. */
	static boolean after(EventQuery.Position one, EventQuery.Position other) {
		return ORDER.compare(one, other) > 0;
	}

	static DeadLetterQuery parse(@Nullable String subscription, @Nullable String eventType, @Nullable String status,
			@Nullable String since, @Nullable String until, @Nullable String limit, @Nullable String after) {
		Set<String> subscriptions = list(subscription).collect(Collectors.toUnmodifiableSet());
		if (subscriptions.size() > MAX_SUBSCRIPTIONS) {
			throw AttemptQuery.invalid("subscription", "names at most " + MAX_SUBSCRIPTIONS + " subscriptions");
		}
		List<String> eventTypes = list(eventType).toList();
		if (!eventTypes.stream().allMatch(EventTypePatterns::isValidPattern)) {
			throw AttemptQuery.invalid("eventType", "must be event types (invoice.paid), prefixes (invoice.*) or *");
		}
		List<String> statuses = list(status).map(OutcomePatterns::normalize).toList();
		if (!statuses.stream().allMatch(OutcomePatterns::isValid)) {
			throw AttemptQuery.invalid("status", "must each be " + OutcomePatterns.SYNTAX);
		}
		Instant from = AttemptQuery.instant("since", since);
		Instant to = AttemptQuery.instant("until", until);
		if (from != null && to != null && !to.isAfter(from)) {
			throw AttemptQuery.invalid("until", "must be later than 'since'");
		}
		return new DeadLetterQuery(subscriptions, eventTypes, statuses, from, to, PageSize.of(limit),
				(after != null) ? EventQuery.Position.parse(after) : null);
	}

	/** Whether the dead letter's delivery passes the filters (its time is read apart). */
	boolean matches(StoredDelivery delivery) {
		LoggedAttempt last = delivery.lastAttempt();
		return (this.subscriptions.isEmpty() || this.subscriptions.contains(delivery.subscriptionId()))
				&& (this.eventTypes.isEmpty() || EventTypePatterns.anyMatches(this.eventTypes, delivery.eventType()))
				&& (this.statuses.isEmpty() || (last != null && this.statuses.stream()
					.anyMatch(wanted -> OutcomePatterns.matches(wanted, last.status(), last.error()))));
	}

	private static Stream<String> list(@Nullable String values) {
		return (values == null) ? Stream.empty()
				: Arrays.stream(values.split(",")).map(String::strip).filter(value -> !value.isEmpty()).distinct();
	}

}
