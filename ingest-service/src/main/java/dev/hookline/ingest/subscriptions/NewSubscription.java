package dev.hookline.ingest.subscriptions;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A validated request to create a subscription.
 *
 * @param url the absolute http(s) URL to deliver to
 * @param eventTypes the patterns of the event types it receives, without duplicates
 * @param description free text for humans
 */
record NewSubscription(String url, List<String> eventTypes, @Nullable String description) {

}
