package dev.hookline.ingest.events;

import java.util.List;

import dev.hookline.ingest.kafka.KafkaPublisher;
import dev.hookline.ingest.kafka.KafkaPublisher.Keyed;
import dev.hookline.schemas.Event;
import dev.hookline.schemas.Topic;
import dev.hookline.schemas.Topics;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Writes events to the events topic, keyed by tenant and ordering key (or id), so that
 * the events of one key stay in order on one partition.
 */
@Component
final class KafkaEventPublisher implements EventPublisher {

	private final KafkaPublisher kafka;

	private final Topic<String, Event> topic;

	KafkaEventPublisher(KafkaPublisher kafka, Topics topics) {
		this.kafka = kafka;
		this.topic = topics.events();
	}

	@Override
	public Mono<Void> publish(List<Event> events) {
		return this.kafka.send(this.topic, events.stream().map(KafkaEventPublisher::keyed).toList()).then();
	}

	private static Keyed<String, Event> keyed(Event event) {
		String orderingKey = event.getOrderingKey();
		return new Keyed<>(Topics.eventKey(event.getTenant(), (orderingKey != null) ? orderingKey : event.getId()),
				event);
	}

}
