package dev.hookline.router.routing;

import java.util.Map;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/**
 * Reads the router's counts of skipped input from Kafka Streams metrics
 * ({@code KafkaStreams#metrics()} or {@code TopologyTestDriver#metrics()}).
 *
 * <p>
 * Counts live in per-task metrics, so they restart from zero when a task moves to another
 * instance or thread; they are for alerting and tests, not for accounting.
 */
public final class RouterMetrics {

	/**
	 * Records Streams passed over, summed over tasks: input it could not deserialize and
	 * events whose data is not JSON, both quarantined by {@code QuarantiningHandler}.
	 */
	public static final String DROPPED_RECORDS = "dropped-records-total";

	/** Events skipped because their data was not one JSON value. */
	public static final String INVALID_EVENTS = "invalid-event-data-total";

	/**
	 * Events dropped because their tenant had already published their id within the
	 * deduplication window.
	 */
	public static final String DUPLICATE_EVENTS = "duplicate-events-total";

	/**
	 * Deliveries not made because the subscription's stored filter or fields could not be
	 * read (one per event and subscription).
	 */
	public static final String INVALID_RULES = "invalid-subscription-rules-total";

	private static final String TASK_GROUP = "stream-task-metrics";

	private static final String ROUTER_SCOPE = "hookline-router";

	private static final String ROUTER_GROUP = "stream-" + ROUTER_SCOPE + "-metrics";

	private RouterMetrics() {
	}

	/** Records dropped by Streams, mainly undecodable events and subscriptions. */
	public static double droppedRecords(Map<MetricName, ? extends Metric> metrics) {
		return sum(metrics, TASK_GROUP, DROPPED_RECORDS);
	}

	/** Events whose data was not one JSON value, so no body could be built. */
	public static double invalidEvents(Map<MetricName, ? extends Metric> metrics) {
		return sum(metrics, ROUTER_GROUP, INVALID_EVENTS);
	}

	/** Events dropped as copies of an event routed within the deduplication window. */
	public static double duplicateEvents(Map<MetricName, ? extends Metric> metrics) {
		return sum(metrics, ROUTER_GROUP, DUPLICATE_EVENTS);
	}

	/**
	 * Deliveries withheld because a subscription's stored payload rules could not be
	 * read.
	 */
	public static double invalidRules(Map<MetricName, ? extends Metric> metrics) {
		return sum(metrics, ROUTER_GROUP, INVALID_RULES);
	}

	static Sensor invalidEventsSensor(ProcessingContext context) {
		return routerSensor(context, "invalid-event-data");
	}

	static Sensor duplicateEventsSensor(ProcessingContext context) {
		return routerSensor(context, "duplicate-events");
	}

	static Sensor invalidRulesSensor(ProcessingContext context) {
		return routerSensor(context, "invalid-subscription-rules");
	}

	private static Sensor routerSensor(ProcessingContext context, String operation) {
		return context.metrics()
			.addRateTotalSensor(ROUTER_SCOPE, context.taskId().toString(), operation, Sensor.RecordingLevel.INFO);
	}

	private static double sum(Map<MetricName, ? extends Metric> metrics, String group, String name) {
		double total = 0;
		for (Map.Entry<MetricName, ? extends Metric> metric : metrics.entrySet()) {
			if (metric.getKey().group().equals(group) && metric.getKey().name().equals(name)
					&& metric.getValue().metricValue() instanceof Double value) {
				total += value;
			}
		}
		return total;
	}

}
