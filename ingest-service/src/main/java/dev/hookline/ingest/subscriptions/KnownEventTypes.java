package dev.hookline.ingest.subscriptions;

import java.util.Set;

import reactor.core.publisher.Mono;

/**
 * The names in a tenant's event-type catalogue, so a subscription whose pattern matches
 * none of them can be answered with a warning. Implemented by the catalogue.
 */
public interface KnownEventTypes {

	/**
	 * The names of the tenant's catalogued event types, deprecated ones included, as of
	 * every change acknowledged before the call. Fails with
	 * {@link dev.hookline.ingest.kafka.KafkaUnavailableException} when the catalogue
	 * cannot catch up in time.
	 */
	Mono<Set<String>> names(String tenant);

}
