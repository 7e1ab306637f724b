package dev.hookline.cli.topics;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * One topic as {@code topics create} reports it.
 *
 * @param name the topic
 * @param partitions its partition count
 * @param replicas its replication factor
 * @param cleanupPolicy {@code delete} or {@code compact}
 * @param retentionMs its retention in milliseconds ({@code -1} forever), as Kafka states
 * it
 * @param status {@code created}, {@code exists}, or a warning about its cleanup policy
 */
record TopicState(String name, int partitions, int replicas, String cleanupPolicy, String retentionMs, String status) {

	private static final String BROKER_DEFAULT_RETENTION = String.valueOf(Duration.ofDays(7).toMillis());

	static TopicState created(NewTopic topic) {
		Map<String, String> configs = (topic.configs() != null) ? topic.configs() : Map.of();
		return new TopicState(topic.name(), topic.numPartitions(), topic.replicationFactor(), cleanup(configs),
				configs.getOrDefault(TopicConfig.RETENTION_MS_CONFIG, BROKER_DEFAULT_RETENTION), "created");
	}

	static TopicState existing(NewTopic wanted, @Nullable TopicState actual) {
		if (actual == null) {
			return new TopicState(wanted.name(), wanted.numPartitions(), wanted.replicationFactor(), "?", "?",
					"exists");
		}
		Map<String, String> configs = (wanted.configs() != null) ? wanted.configs() : Map.of();
		String expected = cleanup(configs);
		String status = expected.equals(actual.cleanupPolicy()) ? "exists"
				: "exists, but cleanup.policy is " + actual.cleanupPolicy() + " (Hookline expects " + expected + ")";
		return new TopicState(actual.name(), actual.partitions(), actual.replicas(), actual.cleanupPolicy(),
				actual.retentionMs(), status);
	}

	private static String cleanup(Map<String, String> configs) {
		return configs.getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
	}

	/**
	 * The retention for people: {@code 7d}, {@code 90d}, {@code forever}; none for a
	 * compacted topic, which keeps the last value of every key.
	 */
	String retentionText() {
		return this.cleanupPolicy.equals(TopicConfig.CLEANUP_POLICY_COMPACT) ? "" : retention(this.retentionMs);
	}

	static String retention(String retentionMs) {
		try {
			long ms = Long.parseLong(retentionMs);
			if (ms < 0) {
				return "forever";
			}
			Duration duration = Duration.ofMillis(ms);
			return (duration.toHours() % 24 == 0) ? duration.toDays() + "d" : duration.toHours() + "h";
		}
		catch (NumberFormatException ex) {
			return retentionMs;
		}
	}

	ObjectNode json() {
		ObjectNode node = dev.hookline.cli.support.Json.object();
		node.put("name", this.name);
		node.put("partitions", this.partitions);
		node.put("replicationFactor", this.replicas);
		node.put("cleanupPolicy", this.cleanupPolicy);
		node.put("retentionMs", this.retentionMs);
		node.put("status", this.status.startsWith("exists") ? "exists" : this.status);
		if (!this.status.equals("exists") && !this.status.equals("created")) {
			node.put("warning", this.status);
		}
		return node;
	}

}
