package dev.hookline.ingest.events;

import java.util.List;

import dev.hookline.schemas.Event;
import reactor.core.publisher.Mono;

/**
 * Where accepted events go.
 */
interface EventPublisher {

	/**
	 * Completes once every event is durably written; fails (with
	 * {@code KafkaUnavailableException} for an outage or timeout) otherwise, in which
	 * case some of them may have been written.
	 */
	Mono<Void> publish(List<Event> events);

}
