package dev.hookline.schemas;

import org.jspecify.annotations.Nullable;

/**
 * Where the cluster is and how Hookline's topics are named and sized: the settings under
 * {@code hookline.kafka} that every service shares.
 *
 * @param bootstrapServers the brokers to connect to (default {@code localhost:9092})
 * @param topicPrefix prefix of every topic name (default {@code hookline.})
 * @param partitions partitions of topics a service creates when they are missing (default
 * 12)
 * @param replicationFactor replicas of topics a service creates (default 1)
 */
public record KafkaSettings(String bootstrapServers, String topicPrefix, int partitions, short replicationFactor) {

	public KafkaSettings(@Nullable String bootstrapServers, @Nullable String topicPrefix, @Nullable Integer partitions,
			@Nullable Short replicationFactor) {
		this((bootstrapServers != null) ? bootstrapServers : "localhost:9092",
				(topicPrefix != null) ? topicPrefix : Topics.DEFAULT_PREFIX, (partitions != null) ? partitions : 12,
				(replicationFactor != null) ? replicationFactor : 1);
	}

	public KafkaSettings {
		if (bootstrapServers.isBlank()) {
			throw new IllegalArgumentException("hookline.kafka.bootstrap-servers must not be blank");
		}
		if (partitions < 1) {
			throw new IllegalArgumentException("hookline.kafka.partitions must be at least 1, was " + partitions);
		}
		if (replicationFactor < 1) {
			throw new IllegalArgumentException(
					"hookline.kafka.replication-factor must be at least 1, was " + replicationFactor);
		}
	}

	public Topics topics() {
		return new Topics(this.topicPrefix);
	}

}
