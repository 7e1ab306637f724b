package dev.hookline.ingest.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import dev.hookline.schemas.Topic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Writes records to Hookline's topics and reports when Kafka acknowledged them, without
 * ever blocking the caller's thread.
 *
 * <p>
 * {@code KafkaProducer.send} may block (up to {@code max.block.ms}) while it fetches
 * metadata or waits for buffer space, so sends run on Reactor's bounded-elastic
 * scheduler, never on a Netty event loop. The producer is idempotent with
 * {@code acks=all} (see {@link KafkaConfiguration}). If Kafka has not acknowledged every
 * record within the timeout, or refuses one, the returned {@code Mono} fails with
 * {@link KafkaUnavailableException}; records sent before the failure may still be
 * written.
 */
public final class KafkaPublisher implements AutoCloseable {

	private final Producer<byte[], byte[]> producer;

	private final Duration timeout;

	private final Scheduler scheduler;

	public KafkaPublisher(Producer<byte[], byte[]> producer, Duration timeout) {
		this.producer = producer;
		this.timeout = timeout;
		this.scheduler = Schedulers.boundedElastic();
	}

	/**
	 * Sends the records in order.
	 * @return their metadata in the same order, once Kafka acknowledged all of them
	 */
	public <K, V> Mono<List<RecordMetadata>> send(Topic<K, V> topic, List<Keyed<K, V>> records) {
		return Mono.fromCallable(() -> sendAll(topic, records))
			.subscribeOn(this.scheduler)
			.flatMap(Mono::fromFuture)
			.timeout(this.timeout)
			// acknowledgements complete on the producer's I/O thread, which must stay
			// free
			.publishOn(Schedulers.parallel())
			.onErrorMap(KafkaPublisher::isUnavailability,
					ex -> new KafkaUnavailableException("Kafka did not acknowledge " + records.size() + " record(s) to "
							+ topic + " within " + this.timeout, ex));
	}

	/** Sends one record, or a tombstone when {@code value} is null. */
	public <K, V> Mono<RecordMetadata> send(Topic<K, V> topic, K key, @Nullable V value) {
		return send(topic, List.of(new Keyed<>(key, value))).map(metadata -> metadata.get(0));
	}

	private <K, V> CompletableFuture<List<RecordMetadata>> sendAll(Topic<K, V> topic, List<Keyed<K, V>> records) {
		List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>(records.size());
		for (Keyed<K, V> record : records) {
			byte[] key = topic.keySerde().serializer().serialize(topic.name(), record.key());
			byte[] value = topic.valueSerde().serializer().serialize(topic.name(), record.value());
			CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
			this.producer.send(new ProducerRecord<>(topic.name(), key, value), (metadata, ex) -> {
				if (ex != null) {
					ack.completeExceptionally(ex);
				}
				else {
					ack.complete(metadata);
				}
			});
			acks.add(ack);
		}
		return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
			.thenApply(done -> acks.stream().map(CompletableFuture::join).toList());
	}

	private static boolean isUnavailability(Throwable ex) {
		Throwable cause = (ex instanceof java.util.concurrent.CompletionException && ex.getCause() != null)
				? ex.getCause() : ex;
		// a record we cannot serialize is our bug, not an outage
		return cause instanceof TimeoutException
				|| (cause instanceof KafkaException && !(cause instanceof SerializationException));
	}

	@Override
	public void close() {
		this.producer.close(this.timeout);
	}

	/**
	 * A record to send: its key and value, {@code null} for a tombstone.
	 *
	 * @param <K> the key type of the topic
	 * @param <V> the value type of the topic
	 * @param key the record key
	 * @param value the record value, or {@code null} to delete the key
	 */
	public record Keyed<K, V>(K key, @Nullable V value) {

	}

}
