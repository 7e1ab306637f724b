package dev.hookline.worker.outcome;

import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import reactor.core.publisher.Mono;

/**
 * Where the worker's outcome records go: {@link OutcomeTransactions} in the worker, a
 * plain producer in unit tests.
 */
@FunctionalInterface
interface RecordSink {

	/**
	 * Sends one record; completes once Kafka acknowledged it, fails when it was not
	 * written, or when {@code owned} says the worker gave up the delivery's partition.
	 */
	Mono<RecordMetadata> send(ProducerRecord<String, byte[]> record, BooleanSupplier owned);

}
