package dev.hookline.ingest.events;

import java.util.List;

import dev.hookline.schemas.Event;
import reactor.core.publisher.Mono;

/**
 * Checks well-formed events against the tenant's event-type catalogue before they are
 * published, so that a refused request writes nothing. Implemented by the catalogue;
 * without one, only reserved types are refused.
 */
public interface CatalogueCheck {

	/**
	 * What keeps the events from being published, in request order; empty when all of
	 * them may be. Fails with {@link dev.hookline.ingest.kafka.KafkaUnavailableException}
	 * when the catalogue cannot catch up in time.
	 */
	Mono<List<Violation>> check(String tenant, List<Event> events);

	/**
	 * One reason an event cannot be published.
	 *
	 * @param position the event's position in the request, from 0
	 * @param field the offending field: {@code type}, {@code data}, or a JSON pointer
	 * below {@code data} such as {@code data/amount}
	 * @param detail what is wrong, for a human
	 */
	record Violation(int position, String field, String detail) {

	}

}
