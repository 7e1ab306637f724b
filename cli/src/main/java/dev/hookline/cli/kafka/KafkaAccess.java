package dev.hookline.cli.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.hookline.cli.support.CliException;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.PublishedSchemas;
import dev.hookline.schemas.Topic;
import dev.hookline.schemas.Topics;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;

/**
 * The CLI's connection to Kafka: an admin client that has answered once, and consumers
 * and producers with the same short timeouts, so an unreachable cluster fails the command
 * within seconds instead of a minute.
 *
 * <p>
 * {@link #connect} throws {@link CliException#unreachable} when the cluster does not
 * answer within {@link #TIMEOUT}; {@link #requireTopics} throws
 * {@link CliException#notFound} for a missing topic.
 */
public final class KafkaAccess implements AutoCloseable {

	/**
	 * How long a command waits for the cluster before it gives up: long enough for a
	 * local broker on a busy 2-core machine (5 s was seen to fail there during a build),
	 * short enough to fail fast on a wrong address.
	 */
	public static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String CLIENT_ID = "hookline-cli";

	private final KafkaSettings settings;

	private final Admin admin;

	// one consumer for every scan of a command: each new one costs a metadata round trip
	private @Nullable KafkaConsumer<byte[], byte[]> consumer;

	private KafkaAccess(KafkaSettings settings, Admin admin) {
		this.settings = settings;
		this.admin = admin;
	}

	/** Connects and waits until the cluster has answered once. */
	public static KafkaAccess connect(KafkaSettings settings) {
		Admin admin;
		try {
			admin = Admin.create(common(settings));
		}
		catch (KafkaException ex) {
			// e.g. no host name of bootstrap.servers resolves
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw CliException.unreachable(
					"cannot reach Kafka at " + settings.bootstrapServers() + " (" + cause.getMessage() + ")", ex);
		}
		try {
			admin.describeCluster().clusterId().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			return new KafkaAccess(settings, admin);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			admin.close(Duration.ZERO);
			throw CliException.failed("interrupted", ex);
		}
		catch (ExecutionException ex) {
			admin.close(Duration.ZERO);
			if (ex.getCause() instanceof AuthenticationException refused) {
				throw CliException.unreachable("Kafka at " + settings.bootstrapServers()
						+ " refused to authenticate the CLI (check HOOKLINE_KAFKA_PROPERTIES_*): "
						+ refused.getMessage(), ex);
			}
			throw unreachable(settings, ex);
		}
		catch (java.util.concurrent.TimeoutException | KafkaException ex) {
			admin.close(Duration.ZERO);
			throw unreachable(settings, ex);
		}
	}

	private static CliException unreachable(KafkaSettings settings, Exception cause) {
		return CliException.unreachable("cannot reach Kafka at " + settings.bootstrapServers() + " (no answer within "
				+ TIMEOUT.toSeconds() + " s: is the broker running?)", cause);
	}

	public Admin admin() {
		return this.admin;
	}

	public Topics topics() {
		return this.settings.topics();
	}

	public String bootstrapServers() {
		return this.settings.bootstrapServers();
	}

	/**
	 * The descriptions of the named topics; a not-found error naming the first missing
	 * one.
	 */
	public Map<String, TopicDescription> requireTopics(Topic<?, ?>... topics) {
		List<String> names = java.util.Arrays.stream(topics).map(Topic::name).toList();
		try {
			return this.admin.describeTopics(names).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
				throw CliException.notFound("a topic of " + String.join(", ", names) + " does not exist on "
						+ bootstrapServers() + ": create them with 'hookline topics create' (topic prefix '"
						+ this.settings.topicPrefix() + "')");
			}
			throw new IllegalStateException("cannot describe topics " + names, ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw CliException.failed("interrupted", ex);
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw CliException.unreachable("Kafka at " + bootstrapServers() + " stopped answering", ex);
		}
	}

	/**
	 * Reads every committed record of a topic up to its end as of this call, passing each
	 * decoded record to {@code sink}.
	 * @return how many records could not be decoded and were skipped
	 */
	public <V> int readAll(Topic<String, V> topic, Consumer<Scanned<V>> sink) {
		if (this.consumer == null) {
			this.consumer = consumer();
		}
		return new TopicScan<>(this.consumer, topic, TIMEOUT).run(sink);
	}

	/**
	 * Publishes this release's record schemas, as every writer does before it writes
	 * ({@link PublishedSchemas#publish}), so that readers of an older release read what
	 * this CLI writes.
	 */
	public void publishSchemas() {
		try {
			PublishedSchemas.publish(topics(), bootstrapServers(), this.settings.client(CLIENT_ID));
		}
		catch (IllegalStateException ex) {
			throw CliException.unreachable("cannot publish this release's schemas to " + topics().schemas().name()
					+ " (" + ex.getMessage() + ")", ex);
		}
	}

	/** An idempotent producer that waits for every in-sync replica. */
	public KafkaProducer<byte[], byte[]> producer() {
		Map<String, Object> config = common(this.settings);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis() * 2);
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
		config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_REQUEST_BYTES);
		config.remove(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
		return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
	}

	private KafkaConsumer<byte[], byte[]> consumer() {
		Map<String, Object> config = common(this.settings);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
		config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
		return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
	}

	private static Map<String, Object> common(KafkaSettings settings) {
		Map<String, Object> config = settings.client(CLIENT_ID);
		config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
		config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
		config.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 2_000L);
		config.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, TIMEOUT.toMillis());
		config.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000L);
		return config;
	}

	@Override
	public void close() {
		if (this.consumer != null) {
			this.consumer.close(CloseOptions.timeout(Duration.ofSeconds(1)));
		}
		this.admin.close(TIMEOUT);
	}

}
