package dev.hookline.bench.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * One benchmark scenario: its tenants and their subscriptions, the receiver behaviour of
 * each endpoint group, and which groups decide whether a rate is sustainable.
 *
 * <p>
 * Every tenant has {@code subscribersPerEvent} subscriptions to every event, so each
 * event becomes that many deliveries. Subscription {@code j} of tenant {@code t} has the
 * global index {@code g = t × subscribersPerEvent + j}; {@code groupOf(g)} names its
 * endpoint group, a receiver path prefix such as {@code /s2/slow/}.
 *
 * @param name e.g. {@code S1}
 * @param tenants tenants the events are spread over (round robin)
 * @param subscribersPerEvent subscriptions of every tenant
 * @param eventBytes approximate size of a delivery body
 * @param groupOf endpoint group of a subscription, by global index
 * @param behaviours receiver behaviour (JSON) of each group
 * @param judged the groups whose deliveries must all arrive, with p99 under the bound
 * @param slowestEndpointMs the longest a judged endpoint takes to answer (its p99):
 * deliveries count when answered, so the lag check waits this much longer
 */
record Scenario(String name, int tenants, int subscribersPerEvent, int eventBytes, IntFunction<String> groupOf,
		Map<String, String> behaviours, List<String> judged, int slowestEndpointMs) {

	/** Loopback addresses the endpoints are spread over, as real endpoints are hosts. */
	static final int HOSTS = 16;

	String tenant(long seq) {
		return tenantName((int) (seq % this.tenants));
	}

	String tenantName(int t) {
		return this.name.toLowerCase(java.util.Locale.ROOT) + "-t" + t;
	}

	String subscriptionId(int t, int j) {
		return "sub_" + tenantName(t).replace('-', '_') + "_" + j;
	}

	/** The endpoint URL of subscription {@code j} of tenant {@code t}. */
	String url(int port, int t, int j) {
		int g = t * this.subscribersPerEvent + j;
		return "http://127.0.0." + (1 + g % HOSTS) + ":" + port + this.groupOf.apply(g) + tenantName(t) + "/" + j;
	}

	/**
	 * Deliveries the events {@code from} (inclusive) to {@code to} (exclusive) make for
	 * each judged group.
	 */
	Map<String, Long> expected(long from, long to) {
		Map<String, Long> perGroup = new LinkedHashMap<>();
		this.judged.forEach((group) -> perGroup.put(group, 0L));
		for (int t = 0; t < this.tenants; t++) {
			// events n in [from, to) with n % tenants == t
			long events = Math.floorDiv(to - 1 - t, this.tenants) - Math.floorDiv(from - 1 - t, this.tenants);
			for (int j = 0; j < this.subscribersPerEvent; j++) {
				String group = this.groupOf.apply(t * this.subscribersPerEvent + j);
				perGroup.computeIfPresent(group, (key, n) -> n + events);
			}
		}
		return perGroup;
	}

	/** The subscriptions of each endpoint group. */
	Map<String, Integer> groupSizes() {
		Map<String, Integer> sizes = new LinkedHashMap<>();
		for (int g = 0; g < this.tenants * this.subscribersPerEvent; g++) {
			sizes.merge(this.groupOf.apply(g), 1, Integer::sum);
		}
		return sizes;
	}

}
