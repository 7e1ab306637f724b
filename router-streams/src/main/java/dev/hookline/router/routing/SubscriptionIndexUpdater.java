package dev.hookline.router.routing;

import dev.hookline.schemas.Subscription;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link SubscriptionIndex} in step with the subscriptions topic: a value
 * (re)places both entries of its subscription, a tombstone removes them.
 *
 * <p>
 * Kafka Streams also runs this processor when it rebuilds the global store at start-up
 * (see {@link RouterTopology}), so it must depend on nothing but the record and the store
 * (and the {@link RulesCache} and {@link TenantViews} it clears). A record whose value
 * names another id than its key is a writer bug; it is logged and skipped rather than
 * indexed under a key that a tombstone would never clear.
 */
final class SubscriptionIndexUpdater implements Processor<String, Subscription, Void, Void> {

	private static final Logger log = LoggerFactory.getLogger(SubscriptionIndexUpdater.class);

	private final RulesCache rules;

	private final TenantViews views;

	private KeyValueStore<String, Subscription> store;

	SubscriptionIndexUpdater(RulesCache rules, TenantViews views) {
		this.rules = rules;
		this.views = views;
	}

	/**
	 * Also drops every tenant view: Streams initialises the updater to (re)build the
	 * store.
	 */
	@Override
	public void init(ProcessorContext<Void, Void> context) {
		this.store = context.getStateStore(SubscriptionIndex.STORE);
		this.views.reset();
	}

	@Override
	public void process(Record<String, Subscription> record) {
		String id = record.key();
		Subscription next = record.value();
		if (id == null) {
			log.warn("skipped a subscription record without a key");
			return;
		}
		if (next != null && !next.getId().equals(id)) {
			log.warn("skipped subscription record keyed {} whose value has id {}", id, next.getId());
			return;
		}
		this.rules.forget(id);
		Subscription previous = this.store.get(SubscriptionIndex.idKey(id));
		if (previous != null && (next == null || !previous.getTenant().equals(next.getTenant()))) {
			this.store.delete(SubscriptionIndex.tenantKey(previous.getTenant(), id));
			this.views.changed(previous.getTenant());
		}
		if (next == null) {
			this.store.delete(SubscriptionIndex.idKey(id));
			return;
		}
		this.store.put(SubscriptionIndex.idKey(id), next);
		this.store.put(SubscriptionIndex.tenantKey(next.getTenant(), id), next);
		// after the writes, so that a view loaded before them is never kept
		this.views.changed(next.getTenant());
	}

}
