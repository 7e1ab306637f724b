package dev.hookline.ingest.deliverylog;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.hookline.ingest.kafka.KafkaUnavailableException;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Reads one record of a delivery topic at the place the history noted
 * ({@link StoredDelivery.Source}), for redeliver: one fetch, never a scan.
 *
 * <p>
 * One consumer, on one thread of its own, assigned and positioned anew for each read, so
 * that reads queue behind each other rather than each opening a connection: a burst of
 * redeliver calls costs one fetch each. Committed records only. A record that Kafka's
 * retention already deleted answers empty (the consumer then starts past it).
 */
final class DeliveryFetch implements AutoCloseable {

	private static final Duration POLL = Duration.ofMillis(200);

	private final Map<String, Object> config;

	private final Deserializer<Delivery> values;

	private final Duration timeout;

	private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
		Thread named = new Thread(runnable, "delivery-fetch");
		named.setDaemon(true);
		return named;
	});

	private @Nullable KafkaConsumer<byte[], byte[]> consumer;

	DeliveryFetch(KafkaSettings kafka, Topics topics, Duration timeout) {
		this.config = kafka.client("hookline-ingest-delivery-fetch");
		this.config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		this.config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		this.config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		this.config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Math.toIntExact(timeout.toMillis()));
		// one record is wanted: a fetch brings the one batch that holds it (a broker
		// always returns the first batch, however small these limits) instead of up to a
		// megabyte of the records after it, which the broker reads and this consumer
		// checks and decompresses for nothing. With 20 redeliver calls at once, the
		// megabyte a call cost the CPU that publishing needs (bench producer)
		this.config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1);
		this.config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 1);
		this.config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
		this.values = topics.deliveries().valueSerde().deserializer();
		this.timeout = timeout;
	}

	/** The delivery at {@code source}, if Kafka still holds it. */
	Mono<Optional<Delivery>> fetch(StoredDelivery.Source source) {
		return Mono.fromFuture(() -> CompletableFuture.supplyAsync(() -> read(source), this.thread), true)
			.onErrorMap(KafkaException.class, ex -> new KafkaUnavailableException(
					"could not read " + source.topic() + "-" + source.partition() + "@" + source.offset(), ex));
	}

	private Optional<Delivery> read(StoredDelivery.Source source) {
		if (this.consumer == null) {
			this.consumer = new KafkaConsumer<>(this.config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
		}
		TopicPartition partition = new TopicPartition(source.topic(), source.partition());
		this.consumer.assign(List.of(partition));
		this.consumer.seek(partition, source.offset());
		long deadline = System.nanoTime() + this.timeout.toNanos();
		while (System.nanoTime() < deadline) {
			for (ConsumerRecord<byte[], byte[]> record : this.consumer.poll(POLL)) {
				if (record.offset() == source.offset() && record.value() != null) {
					return Optional.of(this.values.deserialize(record.topic(), record.value()));
				}
				if (record.offset() >= source.offset()) {
					return Optional.empty();
				}
			}
		}
		throw new org.apache.kafka.common.errors.TimeoutException(
				"no record at " + partition + "@" + source.offset() + " within " + this.timeout);
	}

	@Override
	public void close() {
		this.thread.submit(() -> {
			if (this.consumer != null) {
				this.consumer.close(Duration.ofSeconds(5));
			}
		});
		this.thread.shutdown();
	}

}
