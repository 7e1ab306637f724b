package dev.hookline.bench.router;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.hookline.schemas.Event;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.Topic;
import dev.hookline.schemas.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes subscriptions and events straight to the benchmark's topics, in the records and
 * keys ingest writes, with ingest's producer settings ({@code acks=all}, idempotent,
 * {@code linger.ms=5}).
 *
 * <p>
 * Each write returns once every record is acknowledged; a record the broker refused fails
 * it with {@link IllegalStateException}.
 */
final class TopicWriter implements AutoCloseable {

	private final KafkaProducer<String, byte[]> producer;

	private final Topics topics;

	TopicWriter(String bootstrapServers, Topics topics) {
		this.topics = topics;
		this.producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all",
						ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5,
						ProducerConfig.CLIENT_ID_CONFIG, "router-load-writer"),
				new StringSerializer(), new ByteArraySerializer());
	}

	/** Writes each subscription keyed by its id. */
	void subscriptions(List<Subscription> subscriptions) {
		Topic<String, Subscription> topic = this.topics.subscriptions();
		Serializer<Subscription> values = topic.valueSerde().serializer();
		AtomicReference<Exception> failure = new AtomicReference<>();
		for (Subscription subscription : subscriptions) {
			send(topic.name(), subscription.getId(), values.serialize(topic.name(), subscription), failure);
		}
		flush(failure);
	}

	/** Writes every event of the batch keyed by {@code Topics.eventKey(tenant, id)}. */
	void events(Traffic traffic) {
		Topic<String, Event> topic = this.topics.events();
		Serializer<Event> values = topic.valueSerde().serializer();
		AtomicReference<Exception> failure = new AtomicReference<>();
		Instant now = Instant.now();
		for (int i = 0; i < traffic.count() && failure.get() == null; i++) {
			Event event = traffic.event(i, now);
			send(topic.name(), Topics.eventKey(event.getTenant(), event.getId()), values.serialize(topic.name(), event),
					failure);
		}
		flush(failure);
	}

	private void send(String topic, String key, byte[] value, AtomicReference<Exception> failure) {
		this.producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
			if (error != null) {
				failure.compareAndSet(null, error);
			}
		});
	}

	private void flush(AtomicReference<Exception> failure) {
		this.producer.flush();
		if (failure.get() != null) {
			throw new IllegalStateException("router-load: the broker refused a record", failure.get());
		}
	}

	@Override
	public void close() {
		this.producer.close();
	}

}
