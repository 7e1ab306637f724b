package dev.hookline.worker.outcome;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import dev.hookline.schemas.Topic;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * Writes what follows an attempt (the attempt itself, the delivery handed to a retry tier
 * or the dead-letter topic, a disabled subscription) through the worker's one producer
 * ({@code acks=all}, idempotent), keyed by subscription id.
 *
 * <p>
 * A write that fails (after the producer's own retries) is tried again with backoff for
 * as long as the worker still owns the delivery's partition: the delivery's offset must
 * not be committed before what follows it is durable, and giving up would stall the
 * partition. Once ownership is lost the write fails, and the next owner sends the
 * delivery again.
 */
final class TopicWriter {

	private static final Logger log = LoggerFactory.getLogger(TopicWriter.class);

	private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

	private final KafkaTemplate<String, byte[]> template;

	TopicWriter(KafkaTemplate<String, byte[]> template) {
		this.template = template;
	}

	/**
	 * Completes with where the record was written once Kafka acknowledged it.
	 * @param value the value, null for a tombstone of a compacted topic
	 * @param what names the record in log lines, never with its content
	 */
	<V> Mono<RecordMetadata> write(Topic<String, V> topic, String key, @Nullable V value, String what,
			BooleanSupplier owned) {
		byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
		return Mono.defer(() -> Mono.fromFuture(this.template.send(topic.name(), key, bytes)))
			.map((result) -> result.getRecordMetadata())
			.retryWhen(Retry.backoff(Long.MAX_VALUE, FIRST_BACKOFF)
				.maxBackoff(MAX_BACKOFF)
				.filter((ex) -> owned.getAsBoolean())
				.doBeforeRetry((retry) -> log.warn("{} not written to {} yet, retrying: {}", what, topic.name(),
						retry.failure().toString())));
	}

}
