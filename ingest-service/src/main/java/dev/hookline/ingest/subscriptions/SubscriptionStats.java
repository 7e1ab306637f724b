package dev.hookline.ingest.subscriptions;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One subscription's delivery counters, over the delivery log's retention.
 *
 * @param delivered deliveries that ended with a 2xx
 * @param failing deliveries whose latest attempt failed and that wait in a retry tier
 * @param deadLettered deliveries that ended in the dead-letter topic
 * @param lastSuccessAt when an attempt last succeeded, or null
 * @param lastFailureAt when an attempt last failed, or null
 * @param lastStatus the state the most recent attempt left its delivery in, or null when
 * there was none
 */
public record SubscriptionStats(long delivered, long failing, long deadLettered, @Nullable Instant lastSuccessAt,
		@Nullable Instant lastFailureAt, @Nullable LastStatus lastStatus) {

	/** A subscription the log holds nothing about. */
	public static final SubscriptionStats NONE = new SubscriptionStats(0, 0, 0, null, null, null);

	/**
	 * The state the latest attempt left its delivery in; the API writes it in lower case
	 * ({@code delivered}, {@code failing}, {@code dead_lettered}).
	 */
	public enum LastStatus {

		DELIVERED, FAILING, DEAD_LETTERED

	}

}
