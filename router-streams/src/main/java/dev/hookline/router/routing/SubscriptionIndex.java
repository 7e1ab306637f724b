package dev.hookline.router.routing;

import java.util.ArrayList;
import java.util.List;

import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The subscriptions of every tenant, in a global key-value store that
 * {@link SubscriptionIndexUpdater} maintains from the subscriptions topic.
 *
 * <p>
 * Each subscription is stored twice: under {@code t|<tenant>|<id>}, so one prefix scan
 * finds a tenant's subscriptions, and under {@code s|<id>}, so a tombstone (which has
 * only the id) can find the tenant entry to delete. {@code |} and {@code %} in a tenant
 * are percent-escaped, so tenants {@code a} and {@code a|b} never share a prefix.
 *
 * <p>
 * Routing reads a tenant through its decoded {@link TenantViews view}, and reaches the
 * store only when the tenant changed since the view was built.
 */
final class SubscriptionIndex {

	static final String STORE = "subscription-index";

	private static final Serializer<String> KEYS = new StringSerializer();

	private final ReadOnlyKeyValueStore<String, Subscription> store;

	private final TenantViews views;

	SubscriptionIndex(ReadOnlyKeyValueStore<String, Subscription> store, TenantViews views) {
		this.store = store;
		this.views = views;
	}

	/**
	 * In memory and without a changelog: a global store restores from its source topic,
	 * so a changelog would only duplicate the subscriptions topic.
	 */
	static StoreBuilder<KeyValueStore<String, Subscription>> storeBuilder(Topics topics) {
		return Stores
			.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(),
					topics.subscriptions().valueSerde())
			.withLoggingDisabled();
	}

	/** The tenant's active subscriptions with a pattern that matches the event type. */
	List<Subscription> activeMatching(String tenant, String eventType) {
		return this.views.view(tenant, this::load).matching(eventType);
	}

	private List<Subscription> load(String tenant) {
		List<Subscription> subscriptions = new ArrayList<>();
		try (KeyValueIterator<String, Subscription> all = this.store.prefixScan(tenantPrefix(tenant), KEYS)) {
			all.forEachRemaining((entry) -> subscriptions.add(entry.value));
		}
		return subscriptions;
	}

	static String tenantPrefix(String tenant) {
		return "t|" + escape(tenant) + "|";
	}

	static String tenantKey(String tenant, String subscriptionId) {
		return tenantPrefix(tenant) + subscriptionId;
	}

	static String idKey(String subscriptionId) {
		return "s|" + subscriptionId;
	}

	private static String escape(String tenant) {
		if (tenant.indexOf('|') < 0 && tenant.indexOf('%') < 0) {
			return tenant;
		}
		return tenant.replace("%", "%25").replace("|", "%7C");
	}

}
