package dev.hookline.cli;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.DeliveryIds;
import dev.hookline.schemas.Outcome;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.Topic;
import dev.hookline.schemas.Topics;
import dev.hookline.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What the tests write straight to the topics in place of the worker and the API:
 * subscriptions and dead letters; and what they read back.
 */
final class DeadLetterFixtures implements AutoCloseable {

	private final String bootstrapServers;

	private final Topics topics;

	private final KafkaProducer<byte[], byte[]> producer;

	DeadLetterFixtures(String bootstrapServers, String prefix) {
		this.bootstrapServers = bootstrapServers;
		this.topics = new Topics(prefix);
		this.producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
				new ByteArraySerializer(), new ByteArraySerializer());
	}

	Topics topics() {
		return this.topics;
	}

	void write(Subscription subscription) throws ExecutionException, InterruptedException {
		send(this.topics.subscriptions(), subscription.getId(), subscription);
	}

	/** Writes a dead letter to the DLQ, keyed by its subscription id. */
	Delivery deadLetter(Delivery delivery) throws ExecutionException, InterruptedException {
		send(this.topics.deadLetters(), delivery.getSubscriptionId(), delivery);
		return delivery;
	}

	/**
	 * A delivery that failed six times, the last at {@code lastAttempt} with
	 * {@code status}, and was dead-lettered.
	 */
	static Delivery failed(String subscriptionId, String eventId, String eventType, Instant lastAttempt, int status) {
		String body = "{\"id\":\"" + eventId + "\",\"type\":\"" + eventType + "\",\"timestamp\":\""
				+ lastAttempt.minus(Duration.ofHours(15)) + "\",\"data\":{\"invoiceId\":\"in_" + eventId + "\"}}";
		Instant first = lastAttempt.minus(Duration.ofHours(14).plusMinutes(36));
		return Delivery.newBuilder()
			.setDeliveryId(DeliveryIds.of(eventId, subscriptionId))
			.setTenant("acme")
			.setEventId(eventId)
			.setEventType(eventType)
			.setSubscriptionId(subscriptionId)
			.setSubscriptionVersion(1)
			.setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))
			.setAttempt(6)
			.setCreatedAt(first)
			.setFirstAttemptAt(first)
			.setDueAt(lastAttempt)
			.setLastOutcome(Outcome.newBuilder().setAt(lastAttempt).setStatus(status).setLatencyMs(87).build())
			.setDeadLetterReason("exhausted")
			.build();
	}

	<V> List<ConsumerRecord<String, V>> readAll(Topic<String, V> topic) {
		return TopicReader.readAll(this.bootstrapServers, topic);
	}

	private <V> void send(Topic<String, V> topic, String key, V value) throws ExecutionException, InterruptedException {
		this.producer
			.send(new ProducerRecord<>(topic.name(), key.getBytes(StandardCharsets.UTF_8),
					topic.valueSerde().serializer().serialize(topic.name(), value)))
			.get();
	}

	@Override
	public void close() {
		this.producer.close();
	}

}
