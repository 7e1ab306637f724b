package dev.hookline.schemas;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.avro.message.SchemaStore;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.jspecify.annotations.Nullable;

/**
 * Hookline's topics under one name prefix (default {@code hookline.}), each a typed
 * {@link Topic}.
 */
public final class Topics {

	/** The prefix used when none is configured. */
	public static final String DEFAULT_PREFIX = "hookline.";

	/**
	 * The largest record Hookline writes to any of its topics: Kafka's default, held by
	 * every producer and every topic alike, so that an event ingest accepts can always be
	 * routed, retried and dead-lettered.
	 */
	public static final int MAX_RECORD_BYTES = 1024 * 1024;

	/**
	 * The largest {@code data} of one event: a record, less room for what the router and
	 * the worker put around it (the delivery's ids and body envelope, the last outcome of
	 * a dead letter).
	 */
	public static final int MAX_EVENT_DATA_BYTES = MAX_RECORD_BYTES - 16 * 1024;

	/**
	 * {@code max.request.size} of every producer, and {@code max.message.bytes} of every
	 * topic: one record of {@link #MAX_RECORD_BYTES} and its batch's overhead.
	 */
	public static final int MAX_REQUEST_BYTES = MAX_RECORD_BYTES + 64 * 1024;

	private static final long DAY_MS = 24L * 60 * 60 * 1000;

	/** Tier names and their production delays, in order: attempt 2 waits in the first. */
	private static final Map<String, Duration> RETRY_SCHEDULE = orderedSchedule();

	private static Map<String, Duration> orderedSchedule() {
		Map<String, Duration> schedule = new java.util.LinkedHashMap<>();
		schedule.put("1m", Duration.ofMinutes(1));
		schedule.put("5m", Duration.ofMinutes(5));
		schedule.put("30m", Duration.ofMinutes(30));
		schedule.put("2h", Duration.ofHours(2));
		schedule.put("12h", Duration.ofHours(12));
		return java.util.Collections.unmodifiableMap(schedule);
	}

	private final String prefix;

	private final Topic<String, Event> events;

	private final Topic<String, Subscription> subscriptions;

	private final Topic<String, Delivery> deliveries;

	private final Topic<String, Attempt> attempts;

	private final List<RetryTier> retryTiers;

	private final Topic<String, Delivery> deadLetters;

	private final Topic<String, ReplayMark> replays;

	private final Topic<String, EventType> eventTypes;

	private final Topic<String, EndpointHealth> endpointHealth;

	private final Topic<String, Quarantined> quarantine;

	private final Topic<String, String> schemas;

	private final Topic<String, Tenant> tenants;

	private final Topic<String, ApiKey> apiKeys;

	public Topics(String prefix) {
		this(prefix, null);
	}

	/**
	 * @param store where the serdes look up a writer schema they do not know (published
	 * by a newer release, {@link PublishedSchemas}); null to know only the released ones
	 */
	private Topics(String prefix, @Nullable SchemaStore store) {
		this.prefix = prefix;
		Serde<String> keys = Serdes.String();
		this.events = new Topic<>(prefix + "events", keys, AvroSerde.of(Event.class, store));
		this.subscriptions = new Topic<>(prefix + "subscriptions", keys, AvroSerde.of(Subscription.class, store));
		this.deliveries = new Topic<>(prefix + "deliveries", keys, AvroSerde.of(Delivery.class, store));
		this.attempts = new Topic<>(prefix + "attempts", keys, AvroSerde.of(Attempt.class, store));
		AvroSerde<Delivery> deliveries = AvroSerde.of(Delivery.class, store);
		this.retryTiers = RETRY_SCHEDULE.entrySet()
			.stream()
			.map(tier -> new RetryTier(tier.getKey(),
					new Topic<>(prefix + "deliveries.retry." + tier.getKey(), keys, deliveries), tier.getValue()))
			.toList();
		this.deadLetters = new Topic<>(prefix + "deliveries.dlq", keys, deliveries);
		this.replays = new Topic<>(prefix + "deliveries.dlq.replayed", keys, AvroSerde.of(ReplayMark.class, store));
		this.eventTypes = new Topic<>(prefix + "event-types", keys, AvroSerde.of(EventType.class, store));
		this.endpointHealth = new Topic<>(prefix + "endpoint-health", keys, AvroSerde.of(EndpointHealth.class, store));
		this.quarantine = new Topic<>(prefix + "quarantine", keys, AvroSerde.of(Quarantined.class, store));
		this.schemas = new Topic<>(prefix + "schemas", keys, Serdes.String());
		this.tenants = new Topic<>(prefix + "tenants", keys, AvroSerde.of(Tenant.class, store));
		this.apiKeys = new Topic<>(prefix + "api-keys", keys, AvroSerde.of(ApiKey.class, store));
	}

	/**
	 * The same topics, whose serdes also decode records written with a schema this
	 * release does not know, when its writer published it where {@code store} finds it.
	 */
	public Topics readingWith(SchemaStore store) {
		return new Topics(this.prefix, store);
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

	/** The retry tiers in schedule order: a delivery's attempt 2 comes from the first. */
	public List<RetryTier> retryTiers() {
		return this.retryTiers;
	}

	/**
	 * Deliveries that exhausted the schedule, with their last outcome; keyed by
	 * subscription id.
	 */
	public Topic<String, Delivery> deadLetters() {
		return this.deadLetters;
	}

	/**
	 * Which dead-lettered records were replayed, keyed by {@code partition:offset};
	 * compacted.
	 */
	public Topic<String, ReplayMark> replays() {
		return this.replays;
	}

	/**
	 * Every tenant's event-type catalogue, keyed by {@link #eventTypeKey}; compacted, a
	 * null value deletes.
	 */
	public Topic<String, EventType> eventTypes() {
		return this.eventTypes;
	}

	/**
	 * Since when each failing endpoint has failed, keyed by subscription id, as the
	 * workers saw; compacted, a null value (it answered again) deletes. Small: only
	 * failing endpoints have a record.
	 */
	public Topic<String, EndpointHealth> endpointHealth() {
		return this.endpointHealth;
	}

	/**
	 * Records no reader could decode or would trust, with their raw bytes, keyed by where
	 * they were read ({@link Quarantines#id}); compacted, a null value (re-injected)
	 * removes one.
	 */
	public Topic<String, Quarantined> quarantine() {
		return this.quarantine;
	}

	/**
	 * Every record schema a release of Hookline wrote with, as JSON, keyed by its
	 * fingerprint in hex ({@link PublishedSchemas}); compacted.
	 */
	public Topic<String, String> schemas() {
		return this.schemas;
	}

	/**
	 * The tenants operators created at run time, keyed by tenant id; compacted.
	 */
	public Topic<String, Tenant> tenants() {
		return this.tenants;
	}

	/**
	 * The API keys operators issued at run time, hashed, keyed by key id; compacted. A
	 * revoked key keeps its record, marked revoked.
	 */
	public Topic<String, ApiKey> apiKeys() {
		return this.apiKeys;
	}

	/** The key of an event-type record: its tenant and name. */
	public static String eventTypeKey(String tenant, String name) {
		return tenant + "/" + name;
	}

	/**
	 * The key of an event record: its tenant and ordering key, or its id when it has
	 * none.
	 */
	public static String eventKey(String tenant, String orderingKeyOrId) {
		return tenant + "/" + orderingKeyOrId;
	}

	/**
	 * Whether a topic of Hookline's is compacted: its records are the latest state of
	 * their keys, read again from the start by its readers.
	 */
	public boolean compacted(String name) {
		return definitionsBeforeLimits(1, (short) 1).stream()
			.filter((topic) -> topic.name().equals(name))
			.anyMatch((topic) -> TopicConfig.CLEANUP_POLICY_COMPACT
				.equals(topic.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG)));
	}

	/**
	 * Definitions to create every topic with: partitions, replication (with
	 * {@link #minInsyncReplicas}), compaction and retention.
	 * @param partitions partitions of the events, deliveries and attempts topics
	 * @param replicationFactor replicas of every topic
	 */
	public List<NewTopic> definitions(int partitions, short replicationFactor) {
		List<NewTopic> topics = definitionsBeforeLimits(partitions, replicationFactor);
		String minInsync = String.valueOf(minInsyncReplicas(replicationFactor));
		topics.forEach((topic) -> {
			Map<String, String> configs = new java.util.HashMap<>(topic.configs());
			// every topic takes the largest record any producer of Hookline may write
			configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MAX_REQUEST_BYTES));
			configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minInsync);
			topic.configs(configs);
		});
		return topics;
	}

	/**
	 * How many replicas must have a write before Kafka acknowledges it ({@code acks=all},
	 * as every producer of Hookline writes): one fewer than the replicas, at most 2, at
	 * least 1. With 3 replicas a broker may be down and writes go on, and no acknowledged
	 * write lives on one broker only.
	 */
	public static int minInsyncReplicas(short replicationFactor) {
		return Math.max(1, Math.min(2, replicationFactor - 1));
	}

	private List<NewTopic> definitionsBeforeLimits(int partitions, short replicationFactor) {
		Map<String, String> week = Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(7 * DAY_MS));
		List<NewTopic> topics = new java.util.ArrayList<>(
				List.of(new NewTopic(this.events.name(), partitions, replicationFactor).configs(week),
						new NewTopic(this.subscriptions.name(), Math.min(partitions, 3), replicationFactor)
							.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
						new NewTopic(this.deliveries.name(), partitions, replicationFactor).configs(week),
						new NewTopic(this.attempts.name(), partitions, replicationFactor)
							.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(30 * DAY_MS)))));
		// a tier keeps its records at least a week beyond its own delay
		this.retryTiers.forEach(
				tier -> topics.add(new NewTopic(tier.topic().name(), partitions, replicationFactor).configs(week)));
		// at least as many partitions as its sources, so no DLQ partition is a hot spot;
		// kept 90 days
		topics.add(new NewTopic(this.deadLetters.name(), partitions, replicationFactor)
			.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(90 * DAY_MS))));
		topics.add(new NewTopic(this.replays.name(), Math.min(partitions, 3), replicationFactor)
			.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
		topics.add(new NewTopic(this.eventTypes.name(), Math.min(partitions, 3), replicationFactor)
			.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
		topics.add(new NewTopic(this.endpointHealth.name(), Math.min(partitions, 3), replicationFactor)
			.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
		// one record per schema ever written with; few and small
		topics.add(new NewTopic(this.schemas.name(), 1, replicationFactor)
			.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
		// one entry per quarantined record until it is re-injected, however many readers
		// met it
		topics.add(new NewTopic(this.quarantine.name(), Math.min(partitions, 3), replicationFactor)
			.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
		// tenants and their keys: few, small, read whole by every ingest instance
		topics.add(new NewTopic(this.tenants.name(), 1, replicationFactor)
			.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
		topics.add(new NewTopic(this.apiKeys.name(), 1, replicationFactor)
			.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
		return topics;
	}

}
