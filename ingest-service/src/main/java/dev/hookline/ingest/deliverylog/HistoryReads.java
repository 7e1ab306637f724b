package dev.hookline.ingest.deliverylog;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.jspecify.annotations.Nullable;

/**
 * Queries of this instance's part of the history ({@link HistoryView}); each answers from
 * the stores of the partitions this instance holds, and {@link HistoryForwarding} puts
 * the parts together. Blocking (RocksDB): callers run them off the event loop.
 *
 * <p>
 * A filtered page examines at most {@value #MAX_EXAMINED} entries: a rare status in a
 * long history then ends the page early, with a {@code next} cursor to go on from, rather
 * than reading the whole history in one request.
 */
final class HistoryReads {

	static final int MAX_EXAMINED = 10_000;

	private static final QueryableStoreType<ReadOnlyKeyValueStore<String, byte[]>> DELIVERY_STORE = QueryableStoreTypes
		.keyValueStore();

	private static final Instant END = Instant.ofEpochMilli(Long.MAX_VALUE);

	private final HistoryView view;

	private final Duration retention;

	private final Clock clock;

	HistoryReads(HistoryView view, Duration retention, Clock clock) {
		this.view = view;
		this.retention = retention;
		this.clock = clock;
	}

	/** The tenant's delivery with this id, if this instance holds it. */
	Optional<StoredDelivery> delivery(String tenant, String id) {
		return this.view
			.read(HistoryTopology.DELIVERIES, DELIVERY_STORE, store -> Optional.ofNullable(stored(store.get(id))))
			.filter(delivery -> delivery.tenant().equals(tenant) && retained(delivery));
	}

	/**
	 * Whether a delivery read from the delivery store is within the retention. The store
	 * drops expired entries, but its cache (which folds a delivery's rewrites) may still
	 * hold one: a read by id checks the time itself.
	 */
	private boolean retained(StoredDelivery delivery) {
		return delivery.firstSeen() >= this.clock.millis() - this.retention.toMillis();
	}

	/** The tenant's deliveries of this event that this instance holds. */
	List<StoredDelivery> event(String tenant, String eventId) {
		List<String> ids = new ArrayList<>();
		// one event's deliveries go to several subscriptions, so several partitions
		this.view.readEach(HistoryTopology.EVENTS, store -> {
			try (WindowStoreIterator<byte[]> entries = store.fetch(HistoryWriter.eventKey(tenant, eventId),
					Instant.EPOCH, END)) {
				entries.forEachRemaining(entry -> ids.add(new String(entry.value, StandardCharsets.UTF_8)));
			}
			return ids.size();
		});
		return this.view.read(HistoryTopology.DELIVERIES, DELIVERY_STORE, store -> {
			List<StoredDelivery> found = new ArrayList<>();
			Set<String> seen = new HashSet<>();
			for (int i = 0; i < ids.size(); i++) {
				StoredDelivery delivery = seen.add(ids.get(i)) ? stored(store.get(ids.get(i))) : null;
				if (delivery != null && retained(delivery)) {
					found.add(delivery);
				}
			}
			return found;
		});
	}

	/**
	 * This instance's part of a page of the tenant's dead letters: from the dead-letter
	 * index of each partition it holds, up to one more than the page's entries after the
	 * cursor (then the page has a next), or until {@value #MAX_EXAMINED} entries were
	 * examined (then the part says where it stopped).
	 */
	DeadLetterPage.Part deadLetters(String tenant, DeadLetterQuery query) {
		long from = (query.since() != null) ? query.since().toEpochMilli() : 0;
		long until = (query.until() != null) ? query.until().toEpochMilli() - 1 : Long.MAX_VALUE;
		EventQuery.Position after = query.after();
		long to = (after != null) ? Math.min(until, after.at()) : until;
		if (from > to) {
			return DeadLetterPage.Part.NONE;
		}
		return this.view
			.readEachPartition(stores -> deadLetters(
					stores.get(HistoryTopology.DEAD_LETTERS, QueryableStoreTypes.<String, byte[]>windowStore()),
					stores.get(HistoryTopology.DELIVERIES, DELIVERY_STORE), tenant, from, to, query))
			.stream()
			.reduce(DeadLetterPage.Part.NONE, DeadLetterPage.Part::plus);
	}

	private DeadLetterPage.Part deadLetters(ReadOnlyWindowStore<String, byte[]> index,
			ReadOnlyKeyValueStore<String, byte[]> deliveries, String tenant, long from, long to,
			DeadLetterQuery query) {
		List<DeadLetterPage.Entry> found = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		int examined = 0;
		try (WindowStoreIterator<byte[]> newestFirst = index.backwardFetch(tenant, Instant.ofEpochMilli(from),
				Instant.ofEpochMilli(to))) {
			while (newestFirst.hasNext()) {
				KeyValue<Long, byte[]> item = newestFirst.next();
				DeadLetterIndex entry = DeadLetterIndex.read(item.value);
				EventQuery.Position at = new EventQuery.Position(item.key, entry.deliveryId());
				if (query.after() != null && !DeadLetterQuery.after(at, query.after())) {
					continue;
				}
				if (++examined > MAX_EXAMINED) {
					// what else this millisecond holds is unknown: the page stops before
					// it
					return new DeadLetterPage.Part(found, new EventQuery.Position(item.key, "\uffff"));
				}
				StoredDelivery delivery = seen.add(entry.deliveryId()) ? stored(deliveries.get(entry.deliveryId()))
						: null;
				if (delivery == null || !retained(delivery) || entry.superseded(delivery) || !query.matches(delivery)) {
					continue;
				}
				found.add(DeadLetterPage.Entry.of(delivery, Instant.ofEpochMilli(item.key), !entry.current(delivery)));
				if (found.size() > query.limit()) {
					break;
				}
			}
		}
		return new DeadLetterPage.Part(found, null);
	}

	/** A page of the subscription's attempts, newest first. */
	AttemptPage attempts(String subscriptionId, AttemptQuery query) {
		long from = (query.since() != null) ? query.since().toEpochMilli() : 0;
		long to = (query.until() != null) ? query.until().toEpochMilli() - 1 : Long.MAX_VALUE;
		LoggedAttempt after = query.after();
		if (after != null) {
			to = Math.min(to, after.at().toEpochMilli());
		}
		long upTo = to;
		return this.view.readOwn(HistoryTopology.ATTEMPTS, subscriptionId, store -> {
			List<LoggedAttempt> found = new ArrayList<>();
			if (from > upTo) {
				return new AttemptPage(found, null);
			}
			try (WindowStoreIterator<byte[]> newestFirst = store.backwardFetch(subscriptionId,
					Instant.ofEpochMilli(from), Instant.ofEpochMilli(upTo))) {
				boolean passed = after == null;
				int examined = 0;
				while (newestFirst.hasNext()) {
					KeyValue<Long, byte[]> entry = newestFirst.next();
					LoggedAttempt attempt = HistoryJson.read(entry.value, LoggedAttempt.class);
					if (!passed && entry.key == after.at().toEpochMilli()) {
						// the entries of the cursor's millisecond up to the cursor itself
						// were on the previous page
						passed = LoggedAttempt.ORDER.compare(attempt, after) == 0;
						continue;
					}
					passed = true;
					if (query.matches(attempt)) {
						found.add(attempt);
						if (found.size() > query.limit()) {
							break;
						}
					}
					if (++examined >= MAX_EXAMINED && found.size() <= query.limit()) {
						return new AttemptPage(List.copyOf(found), AttemptQuery.cursor(attempt));
					}
				}
			}
			return AttemptPage.of(found, query.limit());
		});
	}

	/** The subscription's attempts per step of the range. */
	Analytics analytics(String subscriptionId, AnalyticsQuery query) {
		PeriodStats[] buckets = PeriodStats.empty(query.buckets());
		PeriodStats total = this.view.readOwn(periodStore(query), subscriptionId,
				store -> periods(store, subscriptionId, query, buckets));
		return new Analytics(subscriptionId, query.from(), query.to(), query.stepText(),
				Analytics.Bucket.of(query.from(), total), Analytics.Bucket.each(query, buckets));
	}

	/**
	 * This instance's part of a tenant's delivery report: the attempts of those of these
	 * subscriptions whose history it holds.
	 */
	DeliveryReport.Part report(List<String> subscriptionIds, AnalyticsQuery query) {
		PeriodStats[] buckets = PeriodStats.empty(query.buckets());
		Map<String, PeriodStats> subscriptions = new HashMap<>();
		for (String id : subscriptionIds) {
			this.view
				.readIfHeld(id,
						stores -> periods(stores.get(periodStore(query), QueryableStoreTypes.windowStore()), id, query,
								buckets))
				.filter(total -> total.attempts() > 0)
				.ifPresent(total -> subscriptions.put(id, total));
		}
		return DeliveryReport.Part.of(buckets, subscriptions);
	}

	/** The minute entries, or the hour entries when they answer the query. */
	private static String periodStore(AnalyticsQuery query) {
		return query.hourly() ? HistoryTopology.HOURS : HistoryTopology.MINUTES;
	}

	/**
	 * Adds the subscription's attempts of each step of the range to {@code buckets};
	 * returns their total.
	 */
	private static PeriodStats periods(ReadOnlyWindowStore<String, byte[]> store, String subscriptionId,
			AnalyticsQuery query, PeriodStats[] buckets) {
		long from = query.from().toEpochMilli();
		long step = query.step().toMillis();
		PeriodStats total = new PeriodStats();
		try (WindowStoreIterator<byte[]> periods = store.fetch(subscriptionId, query.from(),
				query.to().minusMillis(1))) {
			periods.forEachRemaining(period -> {
				PeriodStats stats = PeriodStats.decode(period.value);
				buckets[(int) ((period.key - from) / step)].add(stats);
				total.add(stats);
			});
		}
		return total;
	}

	/**
	 * The subscription's deliveries first heard of in {@code [from, to)} that failed:
	 * those retrying and those dead-lettered, oldest first.
	 */
	List<StoredDelivery> failed(String subscriptionId, Instant from, Instant to) {
		return this.view.readOwn(HistoryTopology.TIMELINE, subscriptionId, timeline -> this.view
			.readOwn(HistoryTopology.DELIVERIES, DELIVERY_STORE, subscriptionId, deliveries -> {
				List<StoredDelivery> found = new ArrayList<>();
				Set<String> seen = new HashSet<>();
				try (WindowStoreIterator<byte[]> oldestFirst = timeline.fetch(subscriptionId, from,
						to.minusMillis(1))) {
					while (oldestFirst.hasNext()) {
						KeyValue<Long, byte[]> entry = oldestFirst.next();
						String id = new String(entry.value, StandardCharsets.UTF_8);
						StoredDelivery delivery = seen.add(id) ? stored(deliveries.get(id)) : null;
						if (delivery != null && (delivery.state() == DeliveryState.RETRYING
								|| delivery.state() == DeliveryState.DEAD_LETTERED)) {
							found.add(delivery);
						}
					}
				}
				return found;
			}));
	}

	/**
	 * This instance's part of a tenant's health: the attempts of those of its
	 * subscriptions whose history it holds, in the last hour (minute entries) and in this
	 * hour and the 24 before it (hour entries).
	 */
	TenantHealth.Part health(List<String> subscriptionIds, Instant now) {
		long minute = Duration.ofMinutes(1).toMillis();
		long hour = Duration.ofHours(1).toMillis();
		Instant hourAgo = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), minute) * minute)
			.minus(Duration.ofMinutes(59));
		Instant dayAgo = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), hour) * hour)
			.minus(Duration.ofHours(24));
		TenantHealth.Part total = TenantHealth.Part.NONE;
		for (String id : subscriptionIds) {
			total = total.plus(this.view.readIfHeld(id, stores -> {
				PeriodStats lastHour = sum(stores.get(HistoryTopology.MINUTES, QueryableStoreTypes.windowStore()), id,
						hourAgo, now);
				PeriodStats lastDay = sum(stores.get(HistoryTopology.HOURS, QueryableStoreTypes.windowStore()), id,
						dayAgo, now);
				return new TenantHealth.Part(lastHour.succeeded(), lastHour.failed(), lastDay.succeeded(),
						lastDay.failed());
			}).orElse(TenantHealth.Part.NONE));
		}
		return total;
	}

	private static PeriodStats sum(ReadOnlyWindowStore<String, byte[]> store, String id, Instant from, Instant to) {
		PeriodStats sum = new PeriodStats();
		try (WindowStoreIterator<byte[]> periods = store.fetch(id, from, to)) {
			periods.forEachRemaining(period -> sum.add(PeriodStats.decode(period.value)));
		}
		return sum;
	}

	/** A page of the subscription's event history, newest first. */
	EventPage events(String subscriptionId, EventQuery query) {
		long from = (query.since() != null) ? query.since().toEpochMilli() : 0;
		long to = (query.until() != null) ? query.until().toEpochMilli() - 1 : Long.MAX_VALUE;
		EventQuery.Position after = query.after();
		if (after != null) {
			to = Math.min(to, after.at());
		}
		if (from > to) {
			return new EventPage(List.of(), null);
		}
		long upTo = to;
		return this.view.readOwn(HistoryTopology.TIMELINE, subscriptionId,
				timelineStore -> this.view.readOwn(HistoryTopology.DELIVERIES, DELIVERY_STORE, subscriptionId,
						deliveries -> page(timelineStore, deliveries, subscriptionId, from, upTo, query)));
	}

	private static EventPage page(ReadOnlyWindowStore<String, byte[]> timeline,
			ReadOnlyKeyValueStore<String, byte[]> deliveries, String subscriptionId, long from, long to,
			EventQuery query) {
		EventQuery.Position after = query.after();
		List<EventPage.Entry> found = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		EventQuery.Position last = null;
		try (WindowStoreIterator<byte[]> newestFirst = timeline.backwardFetch(subscriptionId,
				Instant.ofEpochMilli(from), Instant.ofEpochMilli(to))) {
			boolean passed = after == null;
			int examined = 0;
			while (newestFirst.hasNext()) {
				KeyValue<Long, byte[]> entry = newestFirst.next();
				String id = new String(entry.value, StandardCharsets.UTF_8);
				if (!passed && entry.key == after.at()) {
					passed = id.equals(after.deliveryId());
					continue;
				}
				passed = true;
				if (!seen.add(id)) {
					// entered twice after a crash: shown once
					continue;
				}
				StoredDelivery delivery = stored(deliveries.get(id));
				if (delivery != null) {
					if (query.matches(delivery)) {
						if (found.size() == query.limit()) {
							return new EventPage(List.copyOf(found), last.cursor());
						}
						found.add(EventPage.Entry.of(delivery));
					}
				}
				last = new EventQuery.Position(entry.key, id);
				if (++examined >= MAX_EXAMINED) {
					return new EventPage(List.copyOf(found), last.cursor());
				}
			}
		}
		return new EventPage(List.copyOf(found), null);
	}

	private static @Nullable StoredDelivery stored(byte @Nullable [] json) {
		return (json != null) ? HistoryJson.read(json, StoredDelivery.class) : null;
	}

}
