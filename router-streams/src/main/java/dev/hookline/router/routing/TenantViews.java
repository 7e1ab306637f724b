package dev.hookline.router.routing;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

import dev.hookline.schemas.EventTypePatterns;
import dev.hookline.schemas.Subscription;
import org.jspecify.annotations.Nullable;

/**
 * Decoded, read-only views of each tenant's active subscriptions, built from the
 * {@link SubscriptionIndex} store on first use and shared by every stream thread of one
 * router instance; the global thread ({@link SubscriptionIndexUpdater}) drops a tenant's
 * view whenever one of its subscriptions changes.
 *
 * <p>
 * Why: the store keeps Avro-encoded values, so reading a tenant's subscriptions from it
 * decodes every one of them, and matching then tests every pattern; with thousands of
 * subscriptions per tenant that was nearly all of the router's time. A view decodes once
 * per change of the tenant and remembers, per event type, which subscriptions match (for
 * at most {@link #TYPES_PER_TENANT} types, so a tenant sending endless distinct types
 * cannot grow it without bound). The store stays the truth: it is what a restart
 * rebuilds.
 *
 * <p>
 * Each tenant has a change count. A reader that misses notes the count, loads from the
 * store and keeps what it loaded only if the count has not moved meanwhile, so a view
 * built from a store read that raced with an update is used once and never kept.
 * {@link #reset()} starts from an empty map (the updater calls it whenever Streams
 * initialises it, which happens before the store is rebuilt); a reader still holding the
 * old map only ever writes into that one.
 */
final class TenantViews {

	/** Event types whose matches one tenant's view remembers. */
	static final int TYPES_PER_TENANT = 1024;

	private volatile ConcurrentMap<String, Entry> byTenant = new ConcurrentHashMap<>();

	/**
	 * The tenant's view, loaded with {@code load} (the tenant's subscriptions, active or
	 * not, in any order) when none is kept.
	 */
	View view(String tenant, Function<String, List<Subscription>> load) {
		ConcurrentMap<String, Entry> views = this.byTenant;
		Entry entry = views.get(tenant);
		if (entry != null && entry.view() != null) {
			return entry.view();
		}
		long changes = (entry != null) ? entry.changes() : 0;
		View loaded = new View(load.apply(tenant));
		views.compute(tenant, (key, current) -> (changes(current) == changes) ? new Entry(changes, loaded) : current);
		return loaded;
	}

	/**
	 * Drops the tenant's view: one of its subscriptions was added, changed or removed.
	 */
	void changed(String tenant) {
		this.byTenant.compute(tenant, (key, current) -> new Entry(changes(current) + 1, null));
	}

	/** Forgets every view, for a store that is about to be rebuilt. */
	void reset() {
		this.byTenant = new ConcurrentHashMap<>();
	}

	private static long changes(@Nullable Entry entry) {
		return (entry != null) ? entry.changes() : 0;
	}

	private record Entry(long changes, @Nullable View view) {
	}

	/** One tenant's active subscriptions, and those matching each event type seen. */
	static final class View {

		private final List<Subscription> active;

		private final ConcurrentMap<String, List<Subscription>> byType = new ConcurrentHashMap<>();

		View(List<Subscription> subscriptions) {
			this.active = subscriptions.stream().filter(Subscription::getActive).toList();
		}

		/** The active subscriptions with a pattern that matches the event type. */
		List<Subscription> matching(String eventType) {
			List<Subscription> known = this.byType.get(eventType);
			if (known != null) {
				return known;
			}
			List<Subscription> matches = this.active.stream()
				.filter((subscription) -> EventTypePatterns.anyMatches(subscription.getEventTypes(), eventType))
				.toList();
			if (this.byType.size() < TYPES_PER_TENANT) {
				this.byType.putIfAbsent(eventType, matches);
			}
			return matches;
		}

	}

}
