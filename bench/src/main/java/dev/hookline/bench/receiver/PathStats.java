package dev.hookline.bench.receiver;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.node.ObjectNode;

/**
 * The counters of one path prefix, or of all of them: wait-free, since every event loop
 * writes them.
 */
final class PathStats {

	/** Ten minutes: a later arrival is recorded as ten minutes, never dropped. */
	private static final long MAX_LATENCY_MICROS = 600_000_000L;

	final LongAdder requests = new LongAdder();

	final LongAdder distinct = new LongAdder();

	final LongAdder delivered = new LongAdder();

	final LongAdder duplicates = new LongAdder();

	final LongAdder hangs = new LongAdder();

	final LongAdder resets = new LongAdder();

	final LongAdder signatureFailures = new LongAdder();

	private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();

	private final ConcurrentHistogram latencyMicros = new ConcurrentHistogram(MAX_LATENCY_MICROS, 3);

	void answered(int status) {
		this.statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
	}

	void latency(long micros) {
		this.latencyMicros.recordValue(Math.max(0, Math.min(MAX_LATENCY_MICROS, micros)));
	}

	/** Writes the counters and the end-to-end latency of successful deliveries. */
	void writeTo(ObjectNode node) {
		node.put("requests", this.requests.sum());
		node.put("distinctWebhookIds", this.distinct.sum());
		node.put("delivered", this.delivered.sum());
		node.put("duplicates", this.duplicates.sum());
		node.put("hangs", this.hangs.sum());
		node.put("resets", this.resets.sum());
		node.put("signatureFailures", this.signatureFailures.sum());
		ObjectNode statuses = node.putObject("statuses");
		new TreeMap<>(this.statuses).forEach((status, count) -> statuses.put(status.toString(), count.sum()));
		writeLatency(node.putObject("latencyMs"), this.latencyMicros.copy());
	}

	static void writeLatency(ObjectNode node, Histogram micros) {
		node.put("count", micros.getTotalCount());
		node.put("p50", millis(micros, 50));
		node.put("p99", millis(micros, 99));
		node.put("p999", millis(micros, 99.9));
		node.put("max", (micros.getTotalCount() == 0) ? 0 : micros.getMaxValue() / 1000.0);
		node.put("mean", (micros.getTotalCount() == 0) ? 0 : Math.round(micros.getMean()) / 1000.0);
	}

	private static double millis(Histogram micros, double percentile) {
		return (micros.getTotalCount() == 0) ? 0 : micros.getValueAtPercentile(percentile) / 1000.0;
	}

}
