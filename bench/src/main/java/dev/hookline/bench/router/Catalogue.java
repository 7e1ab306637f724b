package dev.hookline.bench.router;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.hookline.schemas.EventTypePatterns;
import dev.hookline.schemas.Subscription;

/**
 * The benchmark's tenants, their subscriptions and event types, and how many deliveries
 * an event of each type implies.
 *
 * <p>
 * Routing is selective, as in a real catalogue. Normal tenant {@code i} has
 * {@code subscriptionsPerTenant} subscriptions, the {@code j}-th on the {@code j}-th
 * normal type, so an event of one of those types matches exactly one subscription. The
 * big tenant's subscriptions are spread over {@code ceil(big / 10)} types, subscription
 * {@code k} on type {@code k mod types}, so an event matches about ten of them (exactly
 * ten when the count divides by ten) while the router scans all of them. Patterns are
 * exact types. The expected counts are found with the router's own matcher
 * ({@link EventTypePatterns}), not assumed.
 */
final class Catalogue {

	static final int BIG_SUBSCRIPTIONS_PER_TYPE = 10;

	static final String BIG_TENANT = "tenant-big";

	private static final List<String> NORMAL_TYPES = List.of("order.created", "order.paid", "order.shipped",
			"order.cancelled", "invoice.created", "invoice.paid", "invoice.overdue", "customer.created",
			"customer.updated", "payment.failed");

	private static final List<String> ACTIONS = List.of("created", "updated", "deleted", "archived", "restored",
			"published", "approved", "rejected", "assigned", "closed");

	private final RouterLoad.Plan plan;

	private final List<String> normalTypes;

	private final List<String> bigTypes;

	private final int[] normalMatches;

	private final int[] bigMatches;

	Catalogue(RouterLoad.Plan plan) {
		this.plan = plan;
		this.normalTypes = normalTypes(plan.subscriptionsPerTenant());
		int bigTypeCount = (plan.bigTenantSubscriptions() + BIG_SUBSCRIPTIONS_PER_TYPE - 1)
				/ BIG_SUBSCRIPTIONS_PER_TYPE;
		this.bigTypes = bigTypes(bigTypeCount);
		this.normalMatches = matches(this.normalTypes, normalPatterns());
		this.bigMatches = matches(this.bigTypes, bigPatterns());
	}

	int tenants() {
		return this.plan.tenants() + 1;
	}

	int subscriptions() {
		return normalSubscriptions() + this.plan.bigTenantSubscriptions();
	}

	int normalSubscriptions() {
		return this.plan.tenants() * this.plan.subscriptionsPerTenant();
	}

	static String tenant(int index) {
		return String.format("tenant-%04d", index);
	}

	static String subscriptionId(String tenant, int index) {
		return "sub_" + tenant + "_" + index;
	}

	/** The prefix of every big-tenant subscription id, hence of its deliveries' keys. */
	static String bigSubscriptionPrefix() {
		return "sub_" + BIG_TENANT + "_";
	}

	List<String> normalTypes() {
		return this.normalTypes;
	}

	List<String> bigTypes() {
		return this.bigTypes;
	}

	/** Subscriptions matching an event of the {@code type}-th normal type. */
	int normalMatches(int type) {
		return this.normalMatches[type];
	}

	/** Subscriptions matching an event of the {@code type}-th big-tenant type. */
	int bigMatches(int type) {
		return this.bigMatches[type];
	}

	/** Every subscription, normal tenants first; each is active and has no rules. */
	List<Subscription> subscriptions(Instant now) {
		Random random = new Random(42);
		List<Subscription> all = new ArrayList<>(subscriptions());
		List<String> normal = normalPatterns();
		for (int t = 0; t < this.plan.tenants(); t++) {
			for (int j = 0; j < normal.size(); j++) {
				all.add(subscription(tenant(t), j, normal.get(j), now, random));
			}
		}
		List<String> big = bigPatterns();
		for (int k = 0; k < big.size(); k++) {
			all.add(subscription(BIG_TENANT, k, big.get(k), now, random));
		}
		return all;
	}

	private List<String> normalPatterns() {
		return this.normalTypes;
	}

	private List<String> bigPatterns() {
		List<String> patterns = new ArrayList<>(this.plan.bigTenantSubscriptions());
		for (int k = 0; k < this.plan.bigTenantSubscriptions(); k++) {
			patterns.add(this.bigTypes.get(k % this.bigTypes.size()));
		}
		return patterns;
	}

	private static Subscription subscription(String tenant, int index, String pattern, Instant now, Random random) {
		// the router never decrypts: a ciphertext-sized dummy is enough
		byte[] secret = new byte[77];
		random.nextBytes(secret);
		return Subscription.newBuilder()
			.setId(subscriptionId(tenant, index))
			.setTenant(tenant)
			.setUrl("https://" + tenant + ".example.com/hooks/" + index)
			.setSecret(ByteBuffer.wrap(secret))
			.setEventTypes(List.of(pattern))
			.setDescription("router-load " + pattern)
			.setVersion(1L)
			.setCreatedAt(now)
			.setUpdatedAt(now)
			.build();
	}

	private static int[] matches(List<String> types, List<String> patterns) {
		int[] counts = new int[types.size()];
		for (int i = 0; i < types.size(); i++) {
			for (String pattern : patterns) {
				if (EventTypePatterns.matches(pattern, types.get(i))) {
					counts[i]++;
				}
			}
		}
		return counts;
	}

	private static List<String> normalTypes(int count) {
		List<String> types = new ArrayList<>(count);
		for (int j = 0; j < count; j++) {
			types.add((j < NORMAL_TYPES.size()) ? NORMAL_TYPES.get(j) : "resource" + j + ".changed");
		}
		return types;
	}

	private static List<String> bigTypes(int count) {
		List<String> types = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			types.add("catalog" + (i / ACTIONS.size()) + "." + ACTIONS.get(i % ACTIONS.size()));
		}
		return types;
	}

}
