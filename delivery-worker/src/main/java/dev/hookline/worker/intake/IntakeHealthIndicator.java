package dev.hookline.worker.intake;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Whether the worker's intake is alive: its listener container runs and its consumer
 * polled within the last {@code max.poll.interval.ms} (Kafka's own
 * {@code last-poll-seconds-ago}). A consumer thread stuck that long has been dropped from
 * the group by Kafka already, and its worker sends nothing more; restarting the worker is
 * the way back, so this indicator is part of liveness. It does not ask for partitions: a
 * worker beyond the partition count has none and is a healthy standby.
 */
final class IntakeHealthIndicator implements HealthIndicator {

	private static final String LAST_POLL = "last-poll-seconds-ago";

	private final MessageListenerContainer container;

	private final Duration maxPollInterval;

	IntakeHealthIndicator(MessageListenerContainer container, Duration maxPollInterval) {
		this.container = container;
		this.maxPollInterval = maxPollInterval;
	}

	@Override
	public Health health() {
		if (!this.container.isRunning()) {
			return Health.down().withDetail("error", "the delivery listener is not running").build();
		}
		double lastPoll = lastPollSecondsAgo(this.container.metrics());
		int partitions = this.container.getAssignedPartitions().size();
		Health.Builder health = (lastPoll > this.maxPollInterval.toSeconds())
				? Health.down().withDetail("error", "the consumer has not polled for " + (long) lastPoll + " s")
				: Health.up();
		return health.withDetail("partitions", partitions).build();
	}

	/**
	 * The longest time since a consumer of the container polled; -1 before the first
	 * poll, as Kafka reports it, and when no consumer exists yet.
	 */
	static double lastPollSecondsAgo(Map<String, Map<MetricName, ? extends Metric>> metrics) {
		double longest = -1;
		for (Map<MetricName, ? extends Metric> client : metrics.values()) {
			for (Map.Entry<MetricName, ? extends Metric> metric : client.entrySet()) {
				if (LAST_POLL.equals(metric.getKey().name())
						&& metric.getValue().metricValue() instanceof Number seconds) {
					longest = Math.max(longest, seconds.doubleValue());
				}
			}
		}
		return longest;
	}

}
