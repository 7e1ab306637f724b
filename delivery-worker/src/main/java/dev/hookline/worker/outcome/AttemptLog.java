package dev.hookline.worker.outcome;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import dev.hookline.schemas.Attempt;
import dev.hookline.schemas.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * Writes attempts to the attempts topic, keyed by subscription id.
 *
 * <p>
 * A write that fails (after the producer's own retries) is tried again with backoff for
 * as long as the worker still owns the delivery's partition: the delivery's offset must
 * not be committed before its attempt is durable, and giving up would stall the
 * partition. Once ownership is lost the write fails, and the next owner sends the
 * delivery again.
 */
final class AttemptLog {

	private static final Logger log = LoggerFactory.getLogger(AttemptLog.class);

	private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

	private final KafkaTemplate<String, Attempt> template;

	private final String topic;

	AttemptLog(KafkaTemplate<String, Attempt> template, Topic<String, Attempt> topic) {
		this.template = template;
		this.topic = topic.name();
	}

	/** Completes once Kafka acknowledged the attempt ({@code acks=all}). */
	Mono<Void> write(Attempt attempt, BooleanSupplier owned) {
		return Mono.defer(() -> Mono.fromFuture(this.template.send(this.topic, attempt.getSubscriptionId(), attempt)))
			.then()
			.retryWhen(Retry.backoff(Long.MAX_VALUE, FIRST_BACKOFF)
				.maxBackoff(MAX_BACKOFF)
				.filter((ex) -> owned.getAsBoolean())
				.doBeforeRetry((retry) -> log.warn("attempt {} of delivery {} not recorded yet, retrying: {}",
						attempt.getAttempt(), attempt.getDeliveryId(), retry.failure().toString())));
	}

}
