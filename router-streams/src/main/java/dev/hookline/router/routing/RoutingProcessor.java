package dev.hookline.router.routing;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.DeliveryIds;
import dev.hookline.schemas.Event;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.TraceHops;
import io.micrometer.tracing.Span;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
 * A subscription matches when one of its patterns matches the event type and its payload
 * filter, if it has one, accepts the event's data. A subscription with a field allowlist
 * receives a body whose data keeps only those fields; every other subscription receives
 * the same body, built once per event with the data spliced in as sent. The data is
 * parsed into a tree only when a filter, an allowlist or the loop rule needs it, at most
 * once per event. A subscription gets one delivery however many of its patterns match.
 *
 * <p>
 * Loop rule: an operational event ({@code hookline.*}) is never delivered to the
 * subscription it is about (its data's {@code subscriptionId}), whatever that
 * subscription's patterns.
 *
 * <p>
 * {@code createdAt} and {@code dueAt} are the wall-clock time the delivery is made
 * (Streams' cached system time), not the event's {@code occurredAt}: the retry schedule
 * and delivery latency count from when Hookline could first send, and an event published
 * with an old {@code occurredAt} must still be sent now. An event whose data is not JSON
 * is routed to no one: it is logged, counted in {@link RouterMetrics#INVALID_EVENTS} and
 * thrown as an {@link InvalidEventException}, which the processing exception handler
 * quarantines. A subscription whose stored rules cannot be parsed receives nothing; each
 * withheld delivery is counted in {@link RouterMetrics#INVALID_RULES}.
 */
final class RoutingProcessor implements Processor<String, Event, String, Delivery> {

	private static final Logger log = LoggerFactory.getLogger(RoutingProcessor.class);

	private final RulesCache rules;

	private final TenantViews views;

	private ProcessorContext<String, Delivery> context;

	private SubscriptionIndex index;

	private Sensor invalidEvents;

	private Sensor invalidRules;

	private final RoutingCounts counts;

	private final TraceHops traces;

	RoutingProcessor(RulesCache rules, TenantViews views, RoutingCounts counts, TraceHops traces) {
		this.rules = rules;
		this.views = views;
		this.counts = counts;
		this.traces = traces;
	}

	@Override
	public void init(ProcessorContext<String, Delivery> context) {
		this.context = context;
		this.index = new SubscriptionIndex(context.getStateStore(SubscriptionIndex.STORE), this.views);
		this.invalidEvents = RouterMetrics.invalidEventsSensor(context);
		this.invalidRules = RouterMetrics.invalidRulesSensor(context);
	}

	@Override
	public void process(Record<String, Event> record) {
		Event event = record.value();
		if (event == null) {
			return;
		}
		List<Subscription> candidates = this.index.activeMatching(event.getTenant(), event.getType());
		if (candidates.isEmpty()) {
			this.counts.routed(0);
			return;
		}
		List<Delivery> deliveries;
		try {
			deliveries = deliveries(event, candidates);
		}
		catch (IllegalArgumentException ex) {
			log.atWarn()
				.addKeyValue("eventId", event.getId())
				.addKeyValue("tenant", event.getTenant())
				.log("quarantining event {} of tenant {}: {}", event.getId(), event.getTenant(), ex.getMessage());
			this.invalidEvents.record();
			this.counts.invalid();
			// the processing exception handler quarantines it and routing goes on
			throw new InvalidEventException(event, ex);
		}
		this.counts.routed(deliveries.size());
		// the deliveries carry this hop's trace context in a record header, through the
		// retry tiers to each attempt
		Span span = this.traces.start("hookline.route", event.getTraceparent());
		String traceparent = this.traces.traceparent(span);
		try {
			span.tag("hookline.deliveries", deliveries.size());
			for (Delivery delivery : deliveries) {
				Headers headers = new RecordHeaders();
				TraceHops.write(headers, traceparent);
				this.context.forward(new Record<>(delivery.getSubscriptionId(), delivery, record.timestamp(), headers));
			}
		}
		finally {
			span.end();
		}
	}

	/**
	 * All deliveries of the event, built before any is forwarded, so that data found
	 * invalid halfway through skips the event whole.
	 */
	private List<Delivery> deliveries(Event event, List<Subscription> candidates) {
		EventData data = new EventData(event);
		String subject = data.subject();
		Instant now = Instant.ofEpochMilli(this.context.currentSystemTimeMs());
		List<Delivery> deliveries = new ArrayList<>(candidates.size());
		for (Subscription subscription : candidates) {
			SubscriptionRules rules = this.rules.rules(subscription);
			if (!rules.valid()) {
				this.invalidRules.record();
			}
			else if (!subscription.getId().equals(subject) && rules.accepts(data)) {
				deliveries.add(delivery(event, subscription, rules.body(data), now));
			}
		}
		return deliveries;
	}

	@Override
	public void close() {
		this.context.metrics().removeSensor(this.invalidEvents);
		this.context.metrics().removeSensor(this.invalidRules);
	}

	private static Delivery delivery(Event event, Subscription subscription, byte[] body, Instant now) {
		return Delivery.newBuilder()
			.setDeliveryId(DeliveryIds.of(event.getId(), subscription.getId()))
			.setTenant(event.getTenant())
			.setEventId(event.getId())
			.setEventType(event.getType())
			.setSubscriptionId(subscription.getId())
			.setSubscriptionVersion(subscription.getVersion())
			// each delivery gets its own buffer position over the (maybe shared),
			// never-written array
			.setBody(ByteBuffer.wrap(body))
			.setAttempt(1)
			.setCreatedAt(now)
			.setFirstAttemptAt(null)
			.setDueAt(now)
			.setLastOutcome(null)
			.build();
	}

}
