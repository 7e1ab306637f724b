package dev.hookline.worker.outcome;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.BooleanSupplier;

import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.Event;
import dev.hookline.schemas.OperationalEvents;
import dev.hookline.schemas.Outcome;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.Topic;
import dev.hookline.schemas.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the {@link OperationalEvents} the worker emits, as ordinary events of the
 * subscription's tenant, keyed by tenant and subscription id, so the router delivers them
 * to the tenant's subscriptions that ask for them.
 *
 * <p>
 * Event ids are derived from what the event reports (a hash of the type, the subscription
 * and the version disabled, or the delivery and the record that exhausted it), so an
 * event written again after a crash carries the same id and the router's deduplication
 * drops the copy. No event is written about a delivery that itself carried an operational
 * event, so operational events can never feed each other in a loop. Writes go through the
 * {@link TopicWriter}, with its retries, and complete once Kafka acknowledged them; the
 * disabled event is instead committed with the change that disables
 * ({@link SubscriptionDisabler}).
 */
final class OperationalEventWriter {

	private static final HexFormat HEX = HexFormat.of();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final TopicWriter writer;

	private final Topic<String, Event> topic;

	private final Clock clock;

	OperationalEventWriter(TopicWriter writer, Topics topics, Clock clock) {
		this.writer = writer;
		this.topic = topics.events();
		this.clock = clock;
	}

	/**
	 * {@value OperationalEvents#SUBSCRIPTION_DISABLED}: the worker disabled the
	 * subscription, which was active at {@code disabled}'s version; the record to commit
	 * with the change.
	 */
	ProducerRecord<byte[], byte[]> disabled(Subscription disabled, String reason, Instant disabledAt) {
		ObjectNode data = NODES.objectNode()
			.put(OperationalEvents.SUBJECT_FIELD, disabled.getId())
			.put("url", disabled.getUrl())
			.put("reason", reason)
			.put("disabledAt", disabledAt.toString());
		String id = id(OperationalEvents.SUBSCRIPTION_DISABLED, disabled.getId(),
				String.valueOf(disabled.getVersion()));
		String key = Topics.eventKey(disabled.getTenant(), disabled.getId());
		Event event = event(id, OperationalEvents.SUBSCRIPTION_DISABLED, disabled.getTenant(), disabled.getId(), data);
		return new ProducerRecord<>(this.topic.name(),
				this.topic.keySerde().serializer().serialize(this.topic.name(), key),
				this.topic.valueSerde().serializer().serialize(this.topic.name(), event));
	}

	/**
	 * {@value OperationalEvents#DELIVERY_EXHAUSTED}: a delivery went to the dead-letter
	 * topic; nothing is written when the delivery carried an operational event.
	 * @param exhausted the delivery as it was read for its last attempt
	 * @param dead the delivery as written to the dead-letter topic
	 */
	Mono<Void> exhausted(Delivery exhausted, Delivery dead, BooleanSupplier owned) {
		if (OperationalEvents.isOperational(dead.getEventType())) {
			return Mono.empty();
		}
		// the dead-letter record always carries the outcome of its last attempt
		Outcome last = dead.getLastOutcome();
		ObjectNode data = NODES.objectNode()
			.put(OperationalEvents.SUBJECT_FIELD, dead.getSubscriptionId())
			.put("deliveryId", dead.getDeliveryId())
			.put("eventId", dead.getEventId())
			.put("eventType", dead.getEventType())
			.put("attempts", dead.getAttempt())
			.put("reason", dead.getDeadLetterReason())
			.put("lastStatus", last.getStatus())
			.put("lastError", last.getError())
			.put("deadLetteredAt", last.getAt().toString());
		// the due time tells one run through the schedule from a replayed one, and is
		// the same when the record is processed again after a crash
		String id = id(OperationalEvents.DELIVERY_EXHAUSTED, dead.getDeliveryId(),
				String.valueOf(exhausted.getDueAt().toEpochMilli()));
		return write(id, OperationalEvents.DELIVERY_EXHAUSTED, dead.getTenant(), dead.getSubscriptionId(), data, owned);
	}

	private Mono<Void> write(String id, String type, String tenant, String subscriptionId, ObjectNode data,
			BooleanSupplier owned) {
		return this.writer
			.write(this.topic, Topics.eventKey(tenant, subscriptionId), event(id, type, tenant, subscriptionId, data),
					type + " event " + id, owned)
			.then();
	}

	private Event event(String id, String type, String tenant, String subscriptionId, ObjectNode data) {
		return Event.newBuilder()
			.setId(id)
			.setTenant(tenant)
			.setType(type)
			.setOccurredAt(this.clock.instant())
			.setData(JSON.writeValueAsString(data))
			.setOrderingKey(subscriptionId)
			.build();
	}

	/** {@code evt_} and 128 bits of a hash of the type and what identifies the fact. */
	static String id(String type, String... facts) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			sha.update(type.getBytes(StandardCharsets.UTF_8));
			for (String fact : facts) {
				sha.update((byte) 0);
				sha.update(fact.getBytes(StandardCharsets.UTF_8));
			}
			return "evt_" + HEX.formatHex(sha.digest(), 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform has SHA-256", ex);
		}
	}

}
