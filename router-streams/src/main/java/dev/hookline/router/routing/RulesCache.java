package dev.hookline.router.routing;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.hookline.schemas.Subscription;

/**
 * The parsed payload rules of each subscription, so they are parsed once per version
 * rather than once per event; shared by every stream thread of one router instance.
 *
 * <p>
 * {@link SubscriptionIndexUpdater} forgets a subscription whenever its record changes,
 * which keeps deleted subscriptions from piling up; a routing thread that still read the
 * old record may put its rules back, and the next lookup sees they no longer describe the
 * stored version and parses again.
 */
final class RulesCache {

	private final ConcurrentMap<String, SubscriptionRules> byId = new ConcurrentHashMap<>();

	/** The rules of this version of the subscription, parsed if not cached yet. */
	SubscriptionRules rules(Subscription subscription) {
		SubscriptionRules cached = this.byId.get(subscription.getId());
		if (cached != null && cached.describes(subscription)) {
			return cached;
		}
		// compute, so that threads racing on a new version parse (and warn) only once
		return this.byId.compute(subscription.getId(),
				(id, current) -> (current != null && current.describes(subscription)) ? current
						: SubscriptionRules.of(subscription));
	}

	void forget(String subscriptionId) {
		this.byId.remove(subscriptionId);
	}

}
