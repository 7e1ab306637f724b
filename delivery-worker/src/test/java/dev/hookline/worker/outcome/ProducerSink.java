package dev.hookline.worker.outcome;

import org.apache.kafka.clients.producer.Producer;
import reactor.core.publisher.Mono;

/** A {@link RecordSink} over a plain producer (a mock one), for unit tests. */
final class ProducerSink {

	private ProducerSink() {
	}

	/**
	 * Sends each record with the producer; refuses it when not owned, as the worker does.
	 */
	static RecordSink sink(Producer<String, byte[]> producer) {
		return (record, owned) -> Mono.create((sink) -> {
			if (!owned.getAsBoolean()) {
				sink.error(new OutcomeTransactions.NotOwnedException(record.topic()));
				return;
			}
			producer.send(record, (metadata, ex) -> {
				if (ex == null) {
					sink.success(metadata);
				}
				else {
					sink.error(ex);
				}
			});
		});
	}

}
