package dev.hookline.ingest.deliverylog;

import java.time.Clock;
import java.time.Duration;

import dev.hookline.ingest.subscriptions.DeliveryHealth;
import dev.hookline.ingest.subscriptions.SubscriptionStats;

/**
 * The subscriptions' delivery counters, from the history's counters
 * ({@link CountedStats}) that every instance holds in memory: a subscription's stats
 * never wait for the instance that holds its history. They trail the history by about a
 * commit interval, and are empty for a moment after a start, until the counters are read.
 */
final class HistoryStats implements DeliveryHealth {

	private final HistoryView view;

	private final Duration retention;

	private final Clock clock;

	HistoryStats(HistoryView view, Duration retention, Clock clock) {
		this.view = view;
		this.retention = retention;
		this.clock = clock;
	}

	@Override
	public SubscriptionStats stats(String tenant, String subscriptionId) {
		return this.view.counts(subscriptionId)
			.filter(counts -> counts.tenant().equals(tenant))
			.map(counts -> counts.summary(this.retention, this.clock.millis()))
			.orElse(SubscriptionStats.NONE);
	}

}
