package dev.hookline.schemas;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.jspecify.annotations.Nullable;

/**
 * Where the cluster is and how Hookline's topics are named and sized: the settings under
 * {@code hookline.kafka} that every service shares.
 *
 * <p>
 * One canonical constructor, so that Spring's {@code Binder} binds it as a value object;
 * a component left unset arrives as {@code null} and takes its default here, so the
 * accessors never return {@code null} but for {@link #replicationFactor()}, whose default
 * depends on the cluster. Invalid values fail with {@link IllegalArgumentException}
 * naming the property.
 *
 * @param bootstrapServers the brokers to connect to (default {@code localhost:9092})
 * @param topicPrefix prefix of every topic name (default {@code hookline.})
 * @param partitions partitions of topics a service creates when they are missing (default
 * 12)
 * @param replicationFactor replicas of topics a service creates; {@code null} (the
 * default) lets {@link TopicProvisioner} choose from the cluster's size: 3 on three
 * brokers or more, else as many as there are
 * @param properties Kafka client properties given to every client of the service
 * (producers, consumers, admin clients, Kafka Streams): {@code security.protocol}, SASL,
 * SSL; under {@code hookline.kafka.properties.*} (default none)
 */
public record KafkaSettings(String bootstrapServers, String topicPrefix, Integer partitions,
		@Nullable Short replicationFactor, Map<String, String> properties) {

	public KafkaSettings(@Nullable String bootstrapServers, @Nullable String topicPrefix, @Nullable Integer partitions,
			@Nullable Short replicationFactor, @Nullable Map<String, String> properties) {
		this.bootstrapServers = (bootstrapServers != null) ? bootstrapServers : "localhost:9092";
		this.topicPrefix = (topicPrefix != null) ? topicPrefix : Topics.DEFAULT_PREFIX;
		this.partitions = (partitions != null) ? partitions : 12;
		this.replicationFactor = replicationFactor;
		this.properties = (properties != null) ? Map.copyOf(properties) : Map.of();
		if (this.bootstrapServers.isBlank()) {
			throw new IllegalArgumentException("hookline.kafka.bootstrap-servers must not be blank");
		}
		if (this.partitions < 1) {
			throw new IllegalArgumentException("hookline.kafka.partitions must be at least 1, was " + this.partitions);
		}
		if (this.replicationFactor != null && this.replicationFactor < 1) {
			throw new IllegalArgumentException(
					"hookline.kafka.replication-factor must be at least 1, was " + this.replicationFactor);
		}
		if (this.properties.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
			throw new IllegalArgumentException("hookline.kafka.properties.bootstrap.servers is not read: set "
					+ "hookline.kafka.bootstrap-servers");
		}
	}

	/**
	 * What every client of the service is configured with: the brokers, the
	 * {@linkplain #properties() client properties}, and its client id.
	 */
	public Map<String, Object> client(String clientId) {
		Map<String, Object> config = new HashMap<>(this.properties);
		config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
		config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
		return config;
	}

	/**
	 * An admin client of the cluster, whose every call ends within {@code timeout}: both
	 * its default API timeout and its request timeout are set to it (Kafka refuses an API
	 * timeout below the request timeout, 30 s by default).
	 */
	public Admin admin(String clientId, Duration timeout) {
		Map<String, Object> config = client(clientId);
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
		return Admin.create(config);
	}

	@Override
	public String toString() {
		// the properties may hold a password (sasl.jaas.config, ssl.key.password)
		return "KafkaSettings[bootstrapServers=" + this.bootstrapServers + ", topicPrefix=" + this.topicPrefix
				+ ", partitions=" + this.partitions + ", replicationFactor="
				+ ((this.replicationFactor != null) ? this.replicationFactor : "auto") + ", properties="
				+ this.properties.keySet() + "]";
	}

	/** Every setting at its default. */
	public static KafkaSettings defaults() {
		return new KafkaSettings(null, null, null, null, null);
	}

	public Topics topics() {
		return new Topics(this.topicPrefix);
	}

}
