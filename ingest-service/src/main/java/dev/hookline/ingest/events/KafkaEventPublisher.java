package dev.hookline.ingest.events;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.hookline.ingest.kafka.KafkaPublisher;
import dev.hookline.ingest.kafka.KafkaPublisher.Keyed;
import dev.hookline.schemas.Event;
import dev.hookline.schemas.Topic;
import dev.hookline.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Writes events to the events topic, keyed by tenant and ordering key (or id), so that
 * the events of one key stay in order on one partition. Times each write, from the call
 * to Kafka's acknowledgment of every event of it, in {@code hookline.ingest.publish} (a
 * timer with a histogram, tagged {@code result} = {@code ok} or {@code error}), and
 * counts the events acknowledged in {@code hookline.ingest.events}.
 */
@Component
final class KafkaEventPublisher implements EventPublisher {

	private final KafkaPublisher kafka;

	private final Topic<String, Event> topic;

	private final Timer published;

	private final Timer failed;

	private final Counter events;

	KafkaEventPublisher(KafkaPublisher kafka, Topics topics, MeterRegistry registry) {
		this.kafka = kafka;
		this.topic = topics.events();
		this.published = publishTimer(registry, "ok");
		this.failed = publishTimer(registry, "error");
		this.events = Counter.builder("hookline.ingest.events")
			.description("Events written to Kafka and acknowledged")
			.register(registry);
	}

	private static Timer publishTimer(MeterRegistry registry, String result) {
		return Timer.builder("hookline.ingest.publish")
			.description("Writes of a request's events to Kafka, until every one is acknowledged")
			.tag("result", result)
			.publishPercentileHistogram()
			.maximumExpectedValue(Duration.ofSeconds(30))
			.register(registry);
	}

	@Override
	public Mono<Void> publish(List<Event> events) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return this.kafka.send(this.topic, events.stream().map(KafkaEventPublisher::keyed).toList())
				.then()
				.doOnSuccess((done) -> {
					this.published.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
					this.events.increment(events.size());
				})
				.doOnError((ex) -> this.failed.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
		});
	}

	private static Keyed<String, Event> keyed(Event event) {
		String orderingKey = event.getOrderingKey();
		return new Keyed<>(Topics.eventKey(event.getTenant(), (orderingKey != null) ? orderingKey : event.getId()),
				event);
	}

}
