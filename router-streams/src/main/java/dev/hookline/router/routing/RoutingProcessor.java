package dev.hookline.router.routing;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.DeliveryIds;
import dev.hookline.schemas.Event;
import dev.hookline.schemas.Subscription;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one event into one delivery per active, matching subscription of its tenant,
 * keyed by subscription id.
 *
 * <p>
 * A subscription appears once in its tenant's index, so it gets one delivery however many
 * of its patterns match. The body is built once per event and shared by its deliveries.
 * {@code createdAt} and {@code dueAt} are the wall-clock time the delivery is made
 * (Streams' cached system time), not the event's {@code occurredAt}: the retry schedule
 * and delivery latency count from when Hookline could first send, and an event published
 * with an old {@code occurredAt} must still be sent now. An event whose data is not JSON
 * is skipped, logged and counted in {@link RouterMetrics#INVALID_EVENTS}.
 */
final class RoutingProcessor implements Processor<String, Event, String, Delivery> {

	private static final Logger log = LoggerFactory.getLogger(RoutingProcessor.class);

	private ProcessorContext<String, Delivery> context;

	private SubscriptionIndex index;

	private Sensor invalidEvents;

	@Override
	public void init(ProcessorContext<String, Delivery> context) {
		this.context = context;
		this.index = new SubscriptionIndex(context.getStateStore(SubscriptionIndex.STORE));
		this.invalidEvents = RouterMetrics.invalidEventsSensor(context);
	}

	@Override
	public void process(Record<String, Event> record) {
		Event event = record.value();
		if (event == null) {
			return;
		}
		List<Subscription> matches = this.index.activeMatching(event.getTenant(), event.getType());
		if (matches.isEmpty()) {
			return;
		}
		byte[] body;
		try {
			body = WebhookBody.of(event);
		}
		catch (IllegalArgumentException ex) {
			log.warn("skipped event {} of tenant {}: {}", event.getId(), event.getTenant(), ex.getMessage());
			this.invalidEvents.record();
			return;
		}
		Instant now = Instant.ofEpochMilli(this.context.currentSystemTimeMs());
		for (Subscription subscription : matches) {
			Delivery delivery = delivery(event, subscription, body, now);
			this.context.forward(new Record<>(subscription.getId(), delivery, record.timestamp()));
		}
	}

	@Override
	public void close() {
		this.context.metrics().removeSensor(this.invalidEvents);
	}

	private static Delivery delivery(Event event, Subscription subscription, byte[] body, Instant now) {
		return Delivery.newBuilder()
			.setDeliveryId(DeliveryIds.of(event.getId(), subscription.getId()))
			.setTenant(event.getTenant())
			.setEventId(event.getId())
			.setEventType(event.getType())
			.setSubscriptionId(subscription.getId())
			.setSubscriptionVersion(subscription.getVersion())
			// each delivery gets its own buffer position over the shared, never-written
			// array
			.setBody(ByteBuffer.wrap(body))
			.setAttempt(1)
			.setCreatedAt(now)
			.setFirstAttemptAt(null)
			.setDueAt(now)
			.setLastOutcome(null)
			.build();
	}

}
