package dev.hookline.schemas;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upgrade path of Hookline's records: every writer publishes the schemas it writes
 * with to the compacted {@code schemas} topic before it writes a record
 * ({@link #publish}), and every reader looks up there a writer schema it does not know
 * (this class as the serdes' {@link SchemaStore}, {@link Topics#readingWith}).
 *
 * <p>
 * So during a rolling upgrade a reader still on the old release reads what an upgraded
 * writer writes: the record names its writer schema's fingerprint, the reader finds that
 * schema here and resolves it to its own, leaving out what the newer writer added. The
 * build lets a schema change only compatibly both ways (old readers read new records, new
 * readers old ones), so resolution cannot fail on a released change. A fingerprint not
 * found even after the view caught up with the topic fails to decode, and the record is
 * quarantined, never skipped: re-inject it once its reader is upgraded.
 *
 * <p>
 * Why not a schema registry: Confluent's serializer and registry are not on Maven
 * Central, and the schemas are few and small, so a compacted topic that every service
 * reads whole is enough; it needs nothing beyond the Kafka cluster itself.
 */
public final class PublishedSchemas implements SchemaStore, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(PublishedSchemas.class);

	/** Every record type written to a topic, each with its current schema. */
	static final List<Class<? extends org.apache.avro.specific.SpecificRecord>> RECORDS = List.of(Event.class,
			Subscription.class, Delivery.class, Attempt.class, ReplayMark.class, EventType.class, EndpointHealth.class,
			Quarantined.class, Tenant.class, ApiKey.class);

	private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

	/** How long a fingerprint found nowhere is not looked for again. */
	private static final Duration MISS_PAUSE = Duration.ofSeconds(5);

	private final TableView<String, String> view;

	private final Duration syncTimeout;

	private final Clock clock;

	private final Map<String, Instant> missedUntil = new ConcurrentHashMap<>();

	PublishedSchemas(TableView<String, String> view, Duration syncTimeout, Clock clock) {
		this.view = view;
		this.syncTimeout = syncTimeout;
		this.clock = clock;
	}

	/**
	 * What every service does before its first other Kafka client: creates the missing
	 * topics and publishes this release's schemas
	 * ({@link TopicProvisioner#createMissing}), then reads the schemas every release
	 * published, so that records a newer release writes during a rolling upgrade are read
	 * too.
	 * @param clientId the client id of the schemas' reader
	 * @param localMode the embedded local mode, where a single replica is expected
	 * @throws IllegalStateException if the cluster cannot be reached, or refuses the
	 * credentials
	 */
	public static PublishedSchemas provision(KafkaSettings settings, String clientId, boolean localMode)
			throws InterruptedException {
		TopicProvisioner.createMissing(settings, localMode);
		return start(settings.topics(), settings.bootstrapServers(), settings.client(clientId));
	}

	/**
	 * Starts reading the schemas topic, and returns once it has caught up.
	 * @param clientConfig further consumer settings (security, client id)
	 * @throws IllegalStateException if it does not catch up within a minute
	 */
	public static PublishedSchemas start(Topics topics, String bootstrapServers, Map<String, Object> clientConfig)
			throws InterruptedException {
		TableView<String, String> view = new TableView<>(topics.schemas(), bootstrapServers, clientConfig);
		try {
			view.start().get(60, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			view.close();
			throw new IllegalStateException("cannot read " + topics.schemas().name() + " from " + bootstrapServers, ex);
		}
		return new PublishedSchemas(view, Duration.ofSeconds(10), Clock.systemUTC());
	}

	/**
	 * Publishes this release's schema of every record type, and returns once Kafka has
	 * them all: call it before writing any record. Publishing a schema again changes
	 * nothing.
	 * @param clientConfig further producer settings (security, client id)
	 * @throws IllegalStateException if Kafka does not take them within 30 seconds
	 */
	public static void publish(Topics topics, String bootstrapServers, Map<String, Object> clientConfig) {
		Map<String, Object> config = new java.util.HashMap<>(clientConfig);
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) PUBLISH_TIMEOUT.toMillis());
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) PUBLISH_TIMEOUT.toMillis());
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) PUBLISH_TIMEOUT.toMillis() / 2);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
				new StringSerializer())) {
			List<Future<RecordMetadata>> sent = new java.util.ArrayList<>();
			for (Class<? extends org.apache.avro.specific.SpecificRecord> type : RECORDS) {
				Schema schema = SpecificData.get().getSchema(type);
				sent.add(producer.send(new ProducerRecord<>(topics.schemas().name(), key(schema), schema.toString())));
			}
			for (Future<RecordMetadata> written : sent) {
				written.get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while publishing schemas", ex);
		}
		catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException ex) {
			throw new IllegalStateException(
					"cannot publish schemas to " + topics.schemas().name() + " on " + bootstrapServers, ex);
		}
	}

	/**
	 * The key of a schema: its 64-bit Avro fingerprint, as single-object messages carry
	 * it, in hex.
	 */
	static String key(Schema schema) {
		return key(SchemaNormalization.parsingFingerprint64(schema));
	}

	static String key(long fingerprint) {
		return String.format("%016x", fingerprint);
	}

	/**
	 * The writer schema of that fingerprint, as published; when the view has none, after
	 * a read barrier, since the writer published it before its first record. Null when it
	 * is found nowhere: the record then fails to decode.
	 */
	@Override
	public @Nullable Schema findByFingerprint(long fingerprint) {
		String key = key(fingerprint);
		Optional<String> published = this.view.get(key);
		if (published.isEmpty() && caughtUp(key)) {
			published = this.view.get(key);
		}
		if (published.isEmpty()) {
			this.missedUntil.put(key, this.clock.instant().plus(MISS_PAUSE));
			return null;
		}
		try {
			return new Schema.Parser().parse(published.get());
		}
		catch (RuntimeException ex) {
			log.error("the schema published as {} in {} cannot be parsed: {}", key, this.view, ex.toString());
			return null;
		}
	}

	/**
	 * Waits for the view to hold everything the topic holds, unless this fingerprint was
	 * just looked for in vain.
	 */
	private boolean caughtUp(String key) {
		Instant pause = this.missedUntil.get(key);
		if (pause != null && this.clock.instant().isBefore(pause)) {
			return false;
		}
		try {
			this.view.sync().get(this.syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException | TimeoutException ex) {
			log.warn("{} did not catch up within {} to find schema {}: {}", this.view, this.syncTimeout, key,
					ex.toString());
			return false;
		}
	}

	@Override
	public void close() {
		this.view.close();
	}

}
