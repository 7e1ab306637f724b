package dev.hookline.schemas;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Hookline's topics under one name prefix (default {@code hookline.}), each a typed
 * {@link Topic}.
 */
public final class Topics {

	/** The prefix used when none is configured. */
	public static final String DEFAULT_PREFIX = "hookline.";

	private static final long DAY_MS = 24L * 60 * 60 * 1000;

	private final String prefix;

	private final Topic<String, Event> events;

	private final Topic<String, Subscription> subscriptions;

	private final Topic<String, Delivery> deliveries;

	private final Topic<String, Attempt> attempts;

	public Topics(String prefix) {
		this.prefix = prefix;
		Serde<String> keys = Serdes.String();
		this.events = new Topic<>(prefix + "events", keys, AvroSerde.of(Event.class));
		this.subscriptions = new Topic<>(prefix + "subscriptions", keys, AvroSerde.of(Subscription.class));
		this.deliveries = new Topic<>(prefix + "deliveries", keys, AvroSerde.of(Delivery.class));
		this.attempts = new Topic<>(prefix + "attempts", keys, AvroSerde.of(Attempt.class));
	}

	public static Topics withDefaultPrefix() {
		return new Topics(DEFAULT_PREFIX);
	}

	public String prefix() {
		return this.prefix;
	}

	/** Published events, keyed by {@link #eventKey}. */
	public Topic<String, Event> events() {
		return this.events;
	}

	/** Subscriptions by id, compacted; a null value deletes. */
	public Topic<String, Subscription> subscriptions() {
		return this.subscriptions;
	}

	/** First attempts, keyed by subscription id. */
	public Topic<String, Delivery> deliveries() {
		return this.deliveries;
	}

	/** One record per attempt: the delivery log, keyed by subscription id. */
	public Topic<String, Attempt> attempts() {
		return this.attempts;
	}

	/**
	 * The key of an event record: its tenant and ordering key, or its id when it has
	 * none.
	 */
	public static String eventKey(String tenant, String orderingKeyOrId) {
		return tenant + "/" + orderingKeyOrId;
	}

	/**
	 * Definitions to create every topic with: partitions, replication, compaction and
	 * retention.
	 * @param partitions partitions of the events, deliveries and attempts topics
	 * @param replicationFactor replicas of every topic
	 */
	public List<NewTopic> definitions(int partitions, short replicationFactor) {
		return List.of(
				new NewTopic(this.events.name(), partitions, replicationFactor)
					.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(7 * DAY_MS))),
				new NewTopic(this.subscriptions.name(), Math.min(partitions, 3), replicationFactor)
					.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
				new NewTopic(this.deliveries.name(), partitions, replicationFactor)
					.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(7 * DAY_MS))),
				new NewTopic(this.attempts.name(), partitions, replicationFactor)
					.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(30 * DAY_MS))));
	}

}
