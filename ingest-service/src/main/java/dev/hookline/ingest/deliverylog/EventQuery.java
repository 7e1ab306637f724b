package dev.hookline.ingest.deliverylog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

import dev.hookline.ingest.http.ApiException;
import dev.hookline.ingest.http.PageSize;
import org.jspecify.annotations.Nullable;

/**
 * The filters and page of {@code GET /v1/subscriptions/{id}/events}, parsed from its
 * query parameters. A malformed parameter fails with a 400 {@link ApiException} naming
 * it.
 *
 * @param state only deliveries in this state ({@link DeliveryState#code()}), or null
 * @param eventType only deliveries of this event type, or null
 * @param since only deliveries first seen at or after this instant, or null
 * @param until only deliveries first seen before this instant, or null
 * @param limit the most deliveries on the page
 * @param after the position to page on from (the cursor), or null
 */
record EventQuery(@Nullable DeliveryState state, @Nullable String eventType, @Nullable Instant since,
		@Nullable Instant until, int limit, @Nullable Position after) {

	/**
	 * Where a page ended: a delivery of the timeline.
	 *
	 * @param at its time in the timeline, in epoch millis
	 * @param deliveryId its id
	 */
	record Position(long at, String deliveryId) {

		String cursor() {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString((this.at + ":" + this.deliveryId).getBytes(StandardCharsets.UTF_8));
		}

		/**
		 * The position a {@link #cursor()} names; anything else fails with a 400 naming
		 * {@code after}.
		 */
		static Position parse(String cursor) {
			try {
				String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":",
						2);
				if (parts.length == 2 && !parts[1].isEmpty()) {
					return new Position(Long.parseLong(parts[0]), parts[1]);
				}
			}
			catch (IllegalArgumentException ex) {
				// not base64, or not a number: answered below
			}
			throw AttemptQuery.invalid("after", "must be the 'next' value of a previous page");
		}

	}

	static EventQuery parse(@Nullable String status, @Nullable String eventType, @Nullable String since,
			@Nullable String until, @Nullable String limit, @Nullable String after) {
		DeliveryState state = null;
		if (status != null) {
			state = Arrays.stream(DeliveryState.values())
				.filter(candidate -> candidate.code().equals(status))
				.findFirst()
				.orElseThrow(() -> AttemptQuery.invalid("status",
						"must be one of pending, retrying, delivered, dead_lettered, dropped"));
		}
		Instant from = AttemptQuery.instant("since", since);
		Instant to = AttemptQuery.instant("until", until);
		if (from != null && to != null && !to.isAfter(from)) {
			throw AttemptQuery.invalid("until", "must be later than 'since'");
		}
		if (eventType != null && eventType.isEmpty()) {
			throw AttemptQuery.invalid("eventType", "must not be empty");
		}
		return new EventQuery(state, eventType, from, to, PageSize.of(limit),
				(after != null) ? Position.parse(after) : null);
	}

	boolean matches(StoredDelivery delivery) {
		return (this.state == null || delivery.state() == this.state)
				&& (this.eventType == null || this.eventType.equals(delivery.eventType()));
	}

}
