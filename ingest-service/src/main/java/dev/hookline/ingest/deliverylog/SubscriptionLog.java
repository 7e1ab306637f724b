package dev.hookline.ingest.deliverylog;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

import dev.hookline.ingest.subscriptions.SubscriptionStats;
import dev.hookline.ingest.subscriptions.SubscriptionStats.LastStatus;
import org.jspecify.annotations.Nullable;

/**
 * One subscription in the log: its newest attempts, up to a cap, and the counters of its
 * deliveries. Mutable; guarded by the {@link DeliveryLog}'s lock.
 */
final class SubscriptionLog {

	private final String tenant;

	private final String id;

	private final int maxAttempts;

	private final TreeSet<LoggedAttempt> recent = new TreeSet<>(LoggedAttempt.ORDER);

	private final Map<LastStatus, Long> counts = new EnumMap<>(LastStatus.class);

	private int deliveries;

	private @Nullable Instant lastSuccessAt;

	private @Nullable Instant lastFailureAt;

	private @Nullable LoggedAttempt lastCounted;

	private @Nullable String lastSnippet;

	SubscriptionLog(String tenant, String id, int maxAttempts) {
		this.tenant = tenant.intern();
		this.id = id;
		this.maxAttempts = maxAttempts;
	}

	void added(LoggedDelivery delivery) {
		this.deliveries++;
		count(delivery.state().counted(), 1);
	}

	/** Takes an attempt in, keeping the newest {@code maxAttempts} of them. */
	void attempted(LoggedAttempt attempt) {
		this.recent.add(attempt);
		if (this.recent.size() > this.maxAttempts) {
			this.recent.pollFirst();
		}
		if (attempt.nextAction().equals("done")) {
			this.lastSuccessAt = latest(this.lastSuccessAt, attempt.at());
		}
		else if (!attempt.nextAction().equals("dropped")) {
			// dropped: nothing was sent, so nothing failed
			this.lastFailureAt = latest(this.lastFailureAt, attempt.at());
		}
		if (attempt.leaves().counted() != null
				&& (this.lastCounted == null || LoggedAttempt.ORDER.compare(attempt, this.lastCounted) > 0)) {
			this.lastCounted = attempt;
		}
	}

	/**
	 * The snippet, or the equal one of the previous attempt: a failing endpoint tends to
	 * answer the same error page every time, kept once.
	 */
	@Nullable String shared(@Nullable String snippet) {
		if (snippet != null && !snippet.equals(this.lastSnippet)) {
			this.lastSnippet = snippet;
		}
		return (snippet != null) ? this.lastSnippet : null;
	}

	/** A delivery of it moved from one state to another. */
	void moved(DeliveryState from, DeliveryState to) {
		count(from.counted(), -1);
		count(to.counted(), 1);
	}

	/** A delivery of it left the log, with its attempts. */
	void removed(LoggedDelivery delivery) {
		this.deliveries--;
		count(delivery.state().counted(), -1);
		delivery.attempts().forEach(this.recent::remove);
	}

	void forgot(LoggedAttempt attempt) {
		this.recent.remove(attempt);
	}

	/** Whether nothing of it is left in the log. */
	boolean isEmpty() {
		return this.deliveries == 0 && this.recent.isEmpty();
	}

	SubscriptionStats stats() {
		LastStatus last = (this.lastCounted != null) ? this.lastCounted.leaves().counted() : null;
		return new SubscriptionStats(count(LastStatus.DELIVERED), count(LastStatus.FAILING),
				count(LastStatus.DEAD_LETTERED), this.lastSuccessAt, this.lastFailureAt, last);
	}

	/** The attempts, newest first. */
	NavigableSet<LoggedAttempt> newestFirst() {
		return this.recent.descendingSet();
	}

	String tenant() {
		return this.tenant;
	}

	String id() {
		return this.id;
	}

	private long count(LastStatus status) {
		return this.counts.getOrDefault(status, 0L);
	}

	private void count(@Nullable LastStatus status, int change) {
		if (status != null) {
			this.counts.merge(status, (long) change, Long::sum);
		}
	}

	private static Instant latest(@Nullable Instant current, Instant candidate) {
		return (current == null || candidate.isAfter(current)) ? candidate : current;
	}

}
