package dev.hookline.ingest.subscriptions;

import java.util.Locale;
import java.util.function.Predicate;

import dev.hookline.ingest.http.ApiException;
import dev.hookline.schemas.EventTypePatterns;
import dev.hookline.schemas.Subscription;
import org.jspecify.annotations.Nullable;

/**
 * The filters of {@code GET /v1/subscriptions}: {@code active=true|false}, {@code url=}
 * (a case-insensitive substring), {@code eventType=} (subscriptions whose patterns select
 * that type) and {@code lastStatus=delivered|failing|dead_lettered|none} (the state the
 * latest attempt left a delivery in; {@code none} when nothing was attempted). A bad
 * value fails with a 400 {@link ApiException} naming the parameter.
 */
final class ListFilter {

	static final int MAX_URL_LENGTH = 2048;

	private ListFilter() {
	}

	static Predicate<Subscription> of(@Nullable String active, @Nullable String url, @Nullable String eventType,
			@Nullable String lastStatus, SubscriptionViews views) {
		Predicate<Subscription> filter = (subscription) -> true;
		if (active != null) {
			boolean wanted = bool(active);
			filter = filter.and((subscription) -> subscription.getActive() == wanted);
		}
		if (url != null) {
			String part = lower(url);
			if (part.length() > MAX_URL_LENGTH) {
				throw invalid("url", "must be at most " + MAX_URL_LENGTH + " characters");
			}
			filter = filter.and((subscription) -> lower(subscription.getUrl()).contains(part));
		}
		if (eventType != null) {
			if (!EventTypePatterns.isValidType(eventType)) {
				throw invalid("eventType", "must be an event type such as post.created");
			}
			filter = filter
				.and((subscription) -> EventTypePatterns.anyMatches(subscription.getEventTypes(), eventType));
		}
		if (lastStatus != null) {
			SubscriptionStats.LastStatus wanted = status(lastStatus);
			filter = filter.and((subscription) -> views.stats(subscription).lastStatus() == wanted);
		}
		return filter;
	}

	private static boolean bool(String value) {
		return switch (value) {
			case "true" -> true;
			case "false" -> false;
			default -> throw invalid("active", "must be true or false");
		};
	}

	private static SubscriptionStats.@Nullable LastStatus status(String value) {
		if (value.equals("none")) {
			return null;
		}
		for (SubscriptionStats.LastStatus status : SubscriptionStats.LastStatus.values()) {
			if (lower(status.name()).equals(value)) {
				return status;
			}
		}
		throw invalid("lastStatus", "must be delivered, failing, dead_lettered or none");
	}

	private static String lower(String text) {
		return text.toLowerCase(Locale.ROOT);
	}

	private static ApiException invalid(String parameter, String detail) {
		return ApiException.invalidField("invalid-parameter", "Invalid parameter", parameter, detail);
	}

}
