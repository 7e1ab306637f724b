package dev.hookline.ingest.subscriptions;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A validated request to create a subscription.
 *
 * @param url the absolute http(s) URL to deliver to
 * @param eventTypes the patterns of the event types it receives, without duplicates
 * @param description free text for humans
 * @param filter the payload filter as stored ({@code PayloadFilter.toJson()}), or null
 * @param fields the payload field allowlist (JSON pointers), or null for the whole data
 * @param headers custom headers sent with every webhook
 * @param rateLimit requests per second at most, or null for no limit
 */
record NewSubscription(String url, List<String> eventTypes, @Nullable String description, @Nullable String filter,
		@Nullable List<String> fields, Map<String, String> headers, @Nullable Integer rateLimit) {

	NewSubscription(String url, List<String> eventTypes, @Nullable String description) {
		this(url, eventTypes, description, null, null, Map.of(), null);
	}

}
