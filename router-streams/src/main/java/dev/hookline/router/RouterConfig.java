package dev.hookline.router;

import java.util.Properties;

import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.QuarantineWriter;
import dev.hookline.schemas.Topics;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams configuration of the router, as a plain function of its settings so
 * that tests, the bench and the service all run with the same values.
 */
public final class RouterConfig {

	private RouterConfig() {
	}

	/**
	 * Kafka Streams properties for the router. Beyond the cluster, id, state directory
	 * and threads, only these differ from Kafka's defaults:
	 * <ul>
	 * <li>{@code processing.guarantee=exactly_once_v2}: reading an event, writing its
	 * deliveries and committing its offset are one transaction, so a crash or rebalance
	 * never fans an event out twice (workers read with {@code read_committed}).</li>
	 * <li>{@code deserialization.exception.handler=}{@link QuarantiningHandler}: one
	 * undecodable record on {@code events} (or {@code subscriptions}) must not stop
	 * routing for everyone, nor be lost; it goes to the quarantine topic, through
	 * {@code quarantine}, and is counted in {@code dropped-records-total} and
	 * {@code hookline.quarantined}. ({@code default.deserialization.exception.handler} is
	 * the deprecated name of this setting since Kafka 4.0.)</li>
	 * <li>{@code processing.exception.handler=}{@link QuarantiningHandler}: an event
	 * whose data is not JSON is quarantined the same way (reason {@code invalid}); any
	 * other processing failure still stops the thread, as by default.</li>
	 * <li>{@code commit.interval.ms} from the settings (100ms by default, which is also
	 * Kafka's default under exactly-once): set explicitly because it is the latency a
	 * delivery waits before a worker can read it, and the default changes to 30s if the
	 * guarantee is ever relaxed.</li>
	 * <li>{@code max.task.idle.ms=-1} (idling disabled): idling only orders records
	 * across the several input partitions of one task, and each of the router's tasks
	 * reads one events partition (subscriptions come through the global store), so it
	 * changes nothing the router does. Left at Kafka's default of 0, Kafka Streams 4.2
	 * formats a trace message with {@code String.format} for every empty partition each
	 * time it asks whether a task can process (KAFKA-19682), whether or not tracing is
	 * on: 12 % of the stream thread's processing time in a profile of the benchmark's
	 * S1.</li>
	 * </ul>
	 * Entries of {@link RouterProperties#streams()} are applied last and win.
	 */
	public static Properties streamsProperties(KafkaSettings kafka, RouterProperties router,
			QuarantineWriter quarantine) {
		Properties properties = new Properties();
		// the client properties first (security), every setting of the router's over them
		properties.putAll(kafka.properties());
		properties.put(StreamsConfig.APPLICATION_ID_CONFIG, router.applicationId());
		properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
		properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
		properties.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
				QuarantiningHandler.class.getName());
		properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, QuarantiningHandler.class.getName());
		properties.put(QuarantiningHandler.WRITER_CONFIG, quarantine);
		properties.put(StreamsConfig.STATE_DIR_CONFIG, router.stateDir().toString());
		properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, router.threads());
		properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, router.commitInterval().toMillis());
		properties.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
		// the largest delivery it may write: what ingest lets in, held everywhere alike
		properties.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Topics.MAX_REQUEST_BYTES);
		properties.putAll(router.streams());
		return properties;
	}

	/**
	 * Has Kafka Streams create the router's internal topics (its deduplication store's
	 * changelog) as Hookline's own: {@code replicas} replicas and
	 * {@link Topics#minInsyncReplicas} in sync, unless {@code hookline.router.streams}
	 * already set them. Kafka Streams' own default is the broker's
	 * {@code default.replication.factor}, 1 unless the cluster's operator changed it.
	 */
	static void replicateInternalTopics(Properties properties, short replicas) {
		properties.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replicas);
		properties.putIfAbsent(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
				String.valueOf(Topics.minInsyncReplicas(replicas)));
	}

}
