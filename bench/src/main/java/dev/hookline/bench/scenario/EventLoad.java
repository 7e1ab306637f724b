package dev.hookline.bench.scenario;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongFunction;

import dev.hookline.bench.load.Sender;
import dev.hookline.schemas.Event;
import dev.hookline.schemas.Topic;
import dev.hookline.schemas.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes benchmark events to the events topic exactly as ingest does (its producer
 * settings, its key, the Avro record), so that the measured path starts where a published
 * event starts.
 *
 * <p>
 * Event {@code seq} belongs to tenant {@code seq % tenants}, which spreads keys evenly
 * over the tenants. Its data is {@code {"t0":…,"seq":…,"pad":"…"}}, padded to the
 * scenario's event size; {@code t0} is the intended send time the open loop gives. The
 * send completes when the broker acknowledges the event.
 */
final class EventLoad implements Sender, AutoCloseable {

	static final String EVENT_TYPE = "bench.event";

	private final KafkaProducer<String, Event> producer;

	private final Topic<String, Event> topic;

	private final LongFunction<String> tenantOf;

	private final String pad;

	private final String idPrefix;

	private volatile long offset;

	EventLoad(String bootstrapServers, Topics topics, LongFunction<String> tenantOf, int eventBytes, String idPrefix) {
		this.topic = topics.events();
		this.tenantOf = tenantOf;
		this.idPrefix = idPrefix;
		// the data's fixed part and the envelope the worker adds are about 180 bytes
		this.pad = "x".repeat(Math.max(0, eventBytes - 180));
		this.producer = new KafkaProducer<>(producerConfig(bootstrapServers), this.topic.keySerde().serializer(),
				this.topic.valueSerde().serializer());
	}

	/** The settings of ingest's producer. */
	static Map<String, Object> producerConfig(String bootstrapServers) {
		return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all",
				ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5);
	}

	/**
	 * Makes the next run's sequence numbers start after this many events, so that every
	 * event of a scenario has its own id and tenant rotation.
	 */
	void continueAt(long firstSeq) {
		this.offset = firstSeq;
	}

	@Override
	public CompletionStage<?> send(long seq, long intendedEpochMicros) {
		long n = this.offset + seq;
		String tenant = this.tenantOf.apply(n);
		String id = this.idPrefix + n;
		String data = "{\"t0\":" + intendedEpochMicros + ",\"seq\":" + n + ",\"pad\":\"" + this.pad + "\"}";
		Event event = new Event(id, tenant, EVENT_TYPE, Instant.now(), data, null, null);
		CompletableFuture<Void> acked = new CompletableFuture<>();
		this.producer.send(new ProducerRecord<>(this.topic.name(), Topics.eventKey(tenant, id), event),
				(metadata, error) -> {
					if (error != null) {
						acked.completeExceptionally(error);
					}
					else {
						acked.complete(null);
					}
				});
		return acked;
	}

	@Override
	public void close() {
		this.producer.close();
	}

}
