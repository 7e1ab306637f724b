package dev.hookline.ingest;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.hookline.ingest.deliverylog.LogRecords;
import dev.hookline.schemas.Attempt;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.EndpointHealth;
import dev.hookline.schemas.Outcome;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.Topic;
import dev.hookline.schemas.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

/**
 * Writes what the delivery history reads, as the other services write it: subscriptions
 * (the API), deliveries (the router) and attempts (the worker), with the record
 * timestamps given.
 */
final class HistoryWrites implements AutoCloseable {

	private final Topics topics;

	private final KafkaProducer<String, byte[]> producer;

	HistoryWrites(String bootstrapServers, Topics topics) {
		this.topics = topics;
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
				new StringSerializer(), new ByteArraySerializer());
	}

	/** A new subscription of the tenant. */
	String subscription(String tenant, Instant at) {
		String id = "sub_" + UUID.randomUUID().toString().replace("-", "");
		write(this.topics.subscriptions(), id,
				Subscription.newBuilder()
					.setId(id)
					.setTenant(tenant)
					.setUrl("https://example.com/hooks")
					.setSecret(ByteBuffer.wrap(new byte[] { 1 }))
					.setEventTypes(List.of("order.*"))
					.setVersion(1)
					.setCreatedAt(at)
					.setUpdatedAt(at)
					.build(),
				at);
		return id;
	}

	/** The delivery of an event to a subscription, as the router writes it. */
	Delivery queue(String tenant, String subscription, String eventId, String eventType, Instant at) {
		Delivery delivery = LogRecords.delivery(tenant, subscription, eventId, eventType, at);
		write(this.topics.deliveries(), subscription, delivery, at);
		return delivery;
	}

	/** An attempt of a delivery, as the worker writes it. */
	void attempt(Delivery delivery, int number, Instant at, @Nullable Integer status, String nextAction) {
		attempt(delivery, number, at, status, nextAction, 42);
	}

	/** An attempt of a delivery that took {@code latencyMs}. */
	void attempt(Delivery delivery, int number, Instant at, @Nullable Integer status, String nextAction,
			long latencyMs) {
		Attempt attempt = LogRecords.attempt(delivery, number, at, status, "answer " + number, nextAction, null);
		attempt.getOutcome().setLatencyMs(latencyMs);
		write(this.topics.attempts(), delivery.getSubscriptionId(), attempt, at);
	}

	/**
	 * The delivery's last attempt, answered {@code status}, and its record on the DLQ, as
	 * the worker writes them when the schedule is exhausted.
	 */
	void deadLetter(Delivery delivery, int number, Instant at, int status) {
		attempt(delivery, number, at, status, "dlq");
		Delivery dead = Delivery.newBuilder(delivery)
			.setAttempt(number)
			.setLastOutcome(Outcome.newBuilder().setAt(at).setStatus(status).setError(null).setLatencyMs(42).build())
			.setDeadLetterReason("exhausted")
			.build();
		write(this.topics.deadLetters(), delivery.getSubscriptionId(), dead, at);
	}

	/**
	 * The workers' word that the subscription's endpoint has failed every request since
	 * then.
	 */
	void failing(String subscription, Instant since) {
		write(this.topics.endpointHealth(), subscription,
				EndpointHealth.newBuilder().setSubscriptionId(subscription).setFailingSince(since).build(), since);
	}

	private <V> void write(Topic<String, V> topic, String key, V value, Instant timestamp) {
		byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
		try {
			this.producer.send(new ProducerRecord<>(topic.name(), null, timestamp.toEpochMilli(), key, bytes))
				.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not write to " + topic, ex);
		}
	}

	@Override
	public void close() {
		this.producer.close();
	}

}
