package dev.hookline.ingest.events;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.hookline.ingest.kafka.KafkaPublisher;
import dev.hookline.ingest.kafka.KafkaPublisher.Keyed;
import dev.hookline.schemas.Event;
import dev.hookline.schemas.Topic;
import dev.hookline.schemas.Topics;
import dev.hookline.schemas.TraceHops;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Writes events to the events topic, keyed by tenant and ordering key (or id), so that
 * the events of one key stay in order on one partition. Times each write, from the call
 * to Kafka's acknowledgment of every event of it, in {@code hookline.ingest.publish} (a
 * timer with a histogram, tagged {@code result} = {@code ok} or {@code error}), and
 * counts the events acknowledged in {@code hookline.ingest.events}. The write is the
 * {@code hookline.ingest} span of the request's trace ({@link TraceHops}), and the events
 * carry that span's context onward.
 */
@Component
final class KafkaEventPublisher implements EventPublisher {

	private final KafkaPublisher kafka;

	private final Topic<String, Event> topic;

	private final Timer published;

	private final Timer failed;

	private final Counter events;

	private final TraceHops traces;

	KafkaEventPublisher(KafkaPublisher kafka, Topics topics, MeterRegistry registry, TraceHops traces) {
		this.kafka = kafka;
		this.traces = traces;
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
			// one request's events share its trace context: the span of this hop is their
			// parent downstream
			Span span = this.traces.start("hookline.ingest", events.isEmpty() ? null : events.get(0).getTraceparent());
			String traceparent = this.traces.traceparent(span);
			if (traceparent != null) {
				events.forEach((event) -> event.setTraceparent(traceparent));
			}
			span.tag("hookline.events", events.size());
			return this.kafka.send(this.topic, events.stream().map(KafkaEventPublisher::keyed).toList())
				.then()
				.doOnSuccess((done) -> {
					this.published.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
					this.events.increment(events.size());
				})
				.doOnError((ex) -> {
					this.failed.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
					span.error(ex);
				})
				.doFinally((signal) -> span.end());
		});
	}

	private static Keyed<String, Event> keyed(Event event) {
		String orderingKey = event.getOrderingKey();
		return new Keyed<>(Topics.eventKey(event.getTenant(), (orderingKey != null) ? orderingKey : event.getId()),
				event);
	}

}
