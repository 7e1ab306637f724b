package dev.hookline.ingest.deliverylog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import dev.hookline.ingest.IngestProperties;
import dev.hookline.ingest.subscriptions.DeliveryHealth;
import dev.hookline.ingest.subscriptions.SubscriptionStats;
import dev.hookline.schemas.Attempt;
import dev.hookline.schemas.Delivery;

/**
 * The delivery log: every delivery and attempt read from Kafka within the retention, in
 * memory, bounded by {@code hookline.ingest.delivery-log.*}.
 *
 * <p>
 * Written by one thread (the {@link DeliveryLogReader}), read by any; reads never wait
 * for Kafka and see what was read so far, so the log is eventually consistent. Past
 * {@code max-deliveries}, and once their newest record is older than the retention, the
 * deliveries least recently heard of leave the log with their attempts. A subscription
 * lists its newest {@code max-attempts-per-subscription} attempts. A delivery or a
 * subscription of another tenant is treated as absent.
 */
final class DeliveryLog implements DeliveryHealth {

	private final ReadWriteLock lock = new ReentrantReadWriteLock();

	/** By id, the least recently heard of first. */
	private final LinkedHashMap<String, LoggedDelivery> deliveries = new LinkedHashMap<>();

	private final Map<String, SubscriptionLog> subscriptions = new HashMap<>();

	private final IngestProperties.DeliveryLog limits;

	DeliveryLog(IngestProperties.DeliveryLog limits) {
		this.limits = limits;
	}

	/** A record of {@code deliveries}: a first attempt, a replay or a redelivery. */
	void queued(Delivery delivery, String bodySha256, long timestamp) {
		write(() -> {
			LoggedDelivery logged = entry(delivery.getDeliveryId(), delivery.getTenant(), delivery.getSubscriptionId(),
					delivery.getEventId(), delivery.getEventType());
			DeliveryState before = logged.state();
			logged.queued(delivery.getCreatedAt(), delivery.getDueAt(), bodySha256, timestamp);
			changed(logged, before);
		});
	}

	/** A record of {@code attempts}. */
	void attempted(Attempt attempt, long timestamp) {
		write(() -> {
			LoggedDelivery logged = entry(attempt.getDeliveryId(), attempt.getTenant(), attempt.getSubscriptionId(),
					attempt.getEventId(), attempt.getEventType());
			DeliveryState before = logged.state();
			LoggedAttempt made = LoggedAttempt.of(attempt, logged);
			if (logged.attempted(made, timestamp)) {
				logged.subscription().attempted(made);
				LoggedAttempt trimmed = logged.trimmed();
				if (trimmed != null) {
					logged.subscription().forgot(trimmed);
				}
			}
			changed(logged, before);
		});
	}

	/** Drops the deliveries whose newest record is older than the retention. */
	void expire(Instant now) {
		long cutoff = now.minus(this.limits.retention()).toEpochMilli();
		write(() -> {
			Iterator<LoggedDelivery> oldest = this.deliveries.values().iterator();
			while (oldest.hasNext()) {
				LoggedDelivery delivery = oldest.next();
				if (delivery.lastSeen() >= cutoff) {
					return;
				}
				oldest.remove();
				forget(delivery);
			}
		});
	}

	/** The tenant's delivery with this id, if the log holds it. */
	Optional<DeliveryResource> delivery(String tenant, String id) {
		return read(() -> Optional.ofNullable(this.deliveries.get(id))
			.filter(delivery -> delivery.subscription().tenant().equals(tenant))
			.map(DeliveryResource::of));
	}

	/** A page of the attempts of the tenant's subscription, newest first. */
	AttemptPage attempts(String tenant, String subscriptionId, AttemptQuery query) {
		return read(() -> {
			SubscriptionLog subscription = this.subscriptions.get(subscriptionId);
			if (subscription == null || !subscription.tenant().equals(tenant)) {
				return new AttemptPage(List.of(), null);
			}
			NavigableSet<LoggedAttempt> newestFirst = subscription.newestFirst();
			if (query.after() != null) {
				newestFirst = newestFirst.tailSet(query.after(), false);
			}
			List<LoggedAttempt> found = new ArrayList<>();
			for (LoggedAttempt attempt : newestFirst) {
				if (query.matches(attempt)) {
					found.add(attempt);
					if (found.size() > query.limit()) {
						break;
					}
				}
			}
			return AttemptPage.of(found, query.limit());
		});
	}

	@Override
	public SubscriptionStats stats(String tenant, String subscriptionId) {
		return read(() -> Optional.ofNullable(this.subscriptions.get(subscriptionId))
			.filter(subscription -> subscription.tenant().equals(tenant))
			.map(SubscriptionLog::stats)
			.orElse(SubscriptionStats.NONE));
	}

	/** How many deliveries the log holds. */
	int size() {
		return read(this.deliveries::size);
	}

	private LoggedDelivery entry(String id, String tenant, String subscriptionId, String eventId, String eventType) {
		LoggedDelivery found = this.deliveries.remove(id);
		if (found == null) {
			SubscriptionLog subscription = this.subscriptions.computeIfAbsent(subscriptionId,
					key -> new SubscriptionLog(tenant, key, this.limits.maxAttemptsPerSubscription()));
			found = new LoggedDelivery(id, subscription, eventId, eventType);
			subscription.added(found);
		}
		// to the end: the least recently heard of are the first to go
		this.deliveries.put(id, found);
		return found;
	}

	private void changed(LoggedDelivery delivery, DeliveryState before) {
		delivery.subscription().moved(before, delivery.state());
		Iterator<LoggedDelivery> oldest = this.deliveries.values().iterator();
		while (this.deliveries.size() > this.limits.maxDeliveries()) {
			LoggedDelivery evicted = oldest.next();
			oldest.remove();
			forget(evicted);
		}
	}

	private void forget(LoggedDelivery delivery) {
		SubscriptionLog subscription = delivery.subscription();
		subscription.removed(delivery);
		if (subscription.isEmpty()) {
			this.subscriptions.remove(subscription.id());
		}
	}

	private void write(Runnable change) {
		this.lock.writeLock().lock();
		try {
			change.run();
		}
		finally {
			this.lock.writeLock().unlock();
		}
	}

	private <T> T read(Supplier<T> query) {
		this.lock.readLock().lock();
		try {
			return query.get();
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

}
