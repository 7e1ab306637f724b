package dev.hookline.worker.outcome;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import dev.hookline.schemas.Topic;
import dev.hookline.schemas.TraceHops;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Writes what follows an attempt (the attempt itself, the delivery handed to a retry tier
 * or the dead-letter topic, a disabled subscription) to the worker's {@link RecordSink}
 * (its transactions, {@link OutcomeTransactions}), keyed by subscription id.
 *
 * <p>
 * A write that fails (after the producer's own retries) is tried again with backoff for
 * as long as the worker still owns the delivery's partition: the delivery's offset must
 * not be committed before what follows it is durable, and giving up would stall the
 * partition. Once ownership is lost the write fails, and the delivery is read again, by
 * the next owner or after the worker read its partitions again.
 */
final class TopicWriter {

	private static final Logger log = LoggerFactory.getLogger(TopicWriter.class);

	private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

	private final RecordSink sink;

	TopicWriter(RecordSink sink) {
		this.sink = sink;
	}

	/**
	 * Completes with where the record was written once Kafka acknowledged it.
	 * @param value the value, null for a tombstone of a compacted topic
	 * @param what names the record in log lines, never with its content
	 */
	<V> Mono<RecordMetadata> write(Topic<String, V> topic, String key, @Nullable V value, String what,
			BooleanSupplier owned) {
		byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
		return write(new ProducerRecord<>(topic.name(), key, bytes), what, owned);
	}

	/**
	 * Like {@link #write(Topic, String, Object, String, BooleanSupplier)}, with the
	 * record's trace context, when there is one, in its {@code traceparent} header.
	 */
	<V> Mono<RecordMetadata> write(Topic<String, V> topic, String key, V value, String what, BooleanSupplier owned,
			@Nullable String traceparent) {
		byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic.name(), key, bytes);
		TraceHops.write(record.headers(), traceparent);
		return write(record, what, owned);
	}

	/** Like {@link #write(Topic, String, Object, String, BooleanSupplier)}, encoded. */
	Mono<RecordMetadata> write(ProducerRecord<String, byte[]> record, String what, BooleanSupplier owned) {
		return Mono.defer(() -> this.sink.send(record, owned))
			.retryWhen(Retry.backoff(Long.MAX_VALUE, FIRST_BACKOFF)
				.maxBackoff(MAX_BACKOFF)
				.filter((ex) -> owned.getAsBoolean())
				.doBeforeRetry((retry) -> log.warn("{} not written to {} yet, retrying: {}", what, record.topic(),
						retry.failure().toString())));
	}

}
