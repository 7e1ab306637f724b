package dev.hookline.bench.receiver;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.node.ObjectNode;

/**
 * What the receiver got since it started or was last reset: requests, answers and
 * deliveries per path prefix and in total, webhook-ids and duplicates.
 *
 * <p>
 * A delivery is the first 2xx answer to a webhook-id. A later 2xx answer to the same id
 * is a duplicate; a retry after a failed attempt is not. Requests without a webhook-id
 * count as requests and, when answered 2xx, as deliveries, but not as ids or duplicates.
 * Only deliveries carrying a {@code t0} have an end-to-end latency.
 */
final class ReceiverStats {

	private final long startNanos = System.nanoTime();

	private final WebhookIdLedger ledger = new WebhookIdLedger();

	private final PathStats total = new PathStats();

	private final Map<String, PathStats> paths = new ConcurrentHashMap<>();

	PathStats path(String prefix) {
		PathStats path = this.paths.get(prefix);
		return (path != null) ? path : this.paths.computeIfAbsent(prefix, (p) -> new PathStats());
	}

	/**
	 * Counts a request; answers how many attempts of its webhook-id came before.
	 * @param idKey the hashed webhook-id, 0 when the request has none
	 */
	int arrived(PathStats path, long idKey) {
		this.total.requests.increment();
		path.requests.increment();
		if (idKey == 0) {
			return 0;
		}
		int before = this.ledger.arrive(idKey);
		if (before == 0) {
			this.total.distinct.increment();
			path.distinct.increment();
		}
		return before;
	}

	/**
	 * Counts an answer; a first 2xx answer is a delivery with its end-to-end latency.
	 * @param t0Micros the intended send time, negative when the body has none
	 */
	void answered(PathStats path, int status, long idKey, long arrivalMicros, long t0Micros) {
		this.total.answered(status);
		path.answered(status);
		if (status < 200 || status > 299) {
			return;
		}
		if (idKey != 0 && this.ledger.succeed(idKey)) {
			this.total.duplicates.increment();
			path.duplicates.increment();
			return;
		}
		this.total.delivered.increment();
		path.delivered.increment();
		if (t0Micros >= 0) {
			this.total.latency(arrivalMicros - t0Micros);
			path.latency(arrivalMicros - t0Micros);
		}
	}

	void hung(PathStats path) {
		this.total.hangs.increment();
		path.hangs.increment();
	}

	void reset(PathStats path) {
		this.total.resets.increment();
		path.resets.increment();
	}

	void signatureFailed(PathStats path) {
		this.total.signatureFailures.increment();
		path.signatureFailures.increment();
	}

	/** Writes the totals at the top level and each prefix under {@code paths}. */
	void writeTo(ObjectNode node) {
		node.put("elapsedSeconds", Math.round((System.nanoTime() - this.startNanos) / 1e6) / 1000.0);
		this.total.writeTo(node);
		ObjectNode paths = node.putObject("paths");
		new TreeMap<>(this.paths).forEach((prefix, stats) -> stats.writeTo(paths.putObject(prefix)));
	}

}
