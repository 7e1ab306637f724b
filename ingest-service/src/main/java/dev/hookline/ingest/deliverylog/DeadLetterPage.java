package dev.hookline.ingest.deliverylog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A page of {@code GET /v1/dead-letters}: the tenant's dead letters, newest first, from
 * the dead-letter index of every partition.
 *
 * @param data the dead letters
 * @param next the {@code after} value of the next page, or null on the last
 */
record DeadLetterPage(List<Entry> data, @Nullable String next) {

	/**
	 * One dead letter.
	 *
	 * @param deliveryId the delivery, also the {@code webhook-id}
	 * @param subscriptionId its subscription
	 * @param eventId the event
	 * @param eventType its type
	 * @param deadLetteredAt when its DLQ record was written
	 * @param reason why it was dead-lettered ({@code exhausted}, {@code
	 * subscription_disabled}…), or null once it was queued again
	 * @param state where it stands now: {@code dead_lettered}, or after a replay
	 * {@code pending}, {@code retrying}, {@code delivered}…
	 * @param replayed whether it was queued again since: replayed, redelivered or
	 * recovered
	 * @param attempts how many attempts the history holds of it
	 * @param lastStatus the HTTP status of its last attempt, or null
	 * @param lastError why its last attempt had no usable answer, or null
	 * @param lastAttemptAt when its last attempt ended, or null
	 */
	record Entry(String deliveryId, String subscriptionId, String eventId, String eventType, Instant deadLetteredAt,
			@Nullable String reason, String state, boolean replayed, int attempts, @Nullable Integer lastStatus,
			@Nullable String lastError, @Nullable Instant lastAttemptAt) {

		static Entry of(StoredDelivery delivery, Instant deadLetteredAt, boolean replayed) {
			LoggedAttempt last = delivery.lastAttempt();
			return new Entry(delivery.id(), delivery.subscriptionId(), delivery.eventId(), delivery.eventType(),
					deadLetteredAt, delivery.deadLetterReason(), delivery.state().code(), replayed,
					delivery.attempts().size(), (last != null) ? last.status() : null,
					(last != null) ? last.error() : null, (last != null) ? last.at() : null);
		}

		EventQuery.Position position() {
			return new EventQuery.Position(this.deadLetteredAt.toEpochMilli(), this.deliveryId);
		}

	}

	/**
	 * What one partition, or one instance, found: its entries after the cursor, and where
	 * it stopped looking when it had to stop before it found enough.
	 *
	 * @param entries what it found, in any order
	 * @param frontier where it stopped examining, or null when it saw everything it
	 * needed: what lies beyond is unknown, so a page must not reach past it
	 */
	record Part(List<Entry> entries, EventQuery.@Nullable Position frontier) {

		static final Part NONE = new Part(List.of(), null);

		Part plus(Part other) {
			List<Entry> both = new ArrayList<>(this.entries);
			both.addAll(other.entries);
			return new Part(both, first(this.frontier, other.frontier));
		}

		private static EventQuery.@Nullable Position first(EventQuery.@Nullable Position one,
				EventQuery.@Nullable Position other) {
			if (one == null || other == null) {
				return (one != null) ? one : other;
			}
			return DeadLetterQuery.after(one, other) ? other : one;
		}

	}

	/**
	 * The page the parts make together: at most {@code limit} entries in the list's
	 * order, none past the first frontier; the next page starts after its last entry, or
	 * at the frontier.
	 */
	static DeadLetterPage of(Part all, int limit) {
		EventQuery.Position frontier = all.frontier();
		List<Entry> ordered = all.entries()
			.stream()
			.filter(entry -> frontier == null || DeadLetterQuery.after(frontier, entry.position()))
			.sorted(Comparator.comparing(Entry::position, DeadLetterQuery.ORDER))
			.toList();
		if (ordered.size() > limit) {
			List<Entry> page = ordered.subList(0, limit);
			return new DeadLetterPage(page, page.get(limit - 1).position().cursor());
		}
		return new DeadLetterPage(ordered, (frontier != null) ? frontier.cursor() : null);
	}

}
