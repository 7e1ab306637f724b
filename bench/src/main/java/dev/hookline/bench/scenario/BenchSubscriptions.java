package dev.hookline.bench.scenario;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.Topic;
import dev.hookline.schemas.Topics;
import dev.hookline.sender.secrets.SecretCipher;
import dev.hookline.sender.secrets.SigningSecrets;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a scenario's subscriptions straight to the subscriptions topic, as ingest would
 * after validating them: each with its own signing secret, encrypted with the keyset the
 * worker decrypts with, subscribed to every event type.
 *
 * <p>
 * Written before the router and worker start, so both hold every subscription before the
 * first event; tens of thousands are written in seconds where the API would take minutes.
 * {@link #delete} writes tombstones, which stop a scenario's retries.
 */
final class BenchSubscriptions implements AutoCloseable {

	private final KafkaProducer<String, Subscription> producer;

	private final Topic<String, Subscription> topic;

	private final SecretCipher cipher;

	BenchSubscriptions(String bootstrapServers, Topics topics, SecretCipher cipher) {
		this.topic = topics.subscriptions();
		this.cipher = cipher;
		this.producer = new KafkaProducer<>(EventLoad.producerConfig(bootstrapServers),
				this.topic.keySerde().serializer(), this.topic.valueSerde().serializer());
	}

	/** Writes every subscription of the scenario and waits until all are stored. */
	int create(Scenario scenario, int receiverPort) {
		Instant now = Instant.now();
		List<Future<RecordMetadata>> sent = new ArrayList<>();
		for (int t = 0; t < scenario.tenants(); t++) {
			for (int j = 0; j < scenario.subscribersPerEvent(); j++) {
				String id = scenario.subscriptionId(t, j);
				String tenant = scenario.tenantName(t);
				Subscription subscription = Subscription.newBuilder()
					.setId(id)
					.setTenant(tenant)
					.setUrl(scenario.url(receiverPort, t, j))
					.setSecret(ByteBuffer.wrap(this.cipher.encrypt(SigningSecrets.generate(), tenant, id)))
					.setPreviousSecrets(List.of())
					.setEventTypes(List.of("*"))
					.setHeaders(Map.of())
					.setActive(true)
					.setVersion(1)
					.setCreatedAt(now)
					.setUpdatedAt(now)
					.build();
				sent.add(this.producer.send(new ProducerRecord<>(this.topic.name(), id, subscription)));
			}
		}
		awaitAll(sent);
		return sent.size();
	}

	/** Deletes every subscription of the scenario (tombstones). */
	void delete(Scenario scenario) {
		List<Future<RecordMetadata>> sent = new ArrayList<>();
		for (int t = 0; t < scenario.tenants(); t++) {
			for (int j = 0; j < scenario.subscribersPerEvent(); j++) {
				String id = scenario.subscriptionId(t, j);
				sent.add(this.producer.send(new ProducerRecord<>(this.topic.name(), id, null)));
			}
		}
		awaitAll(sent);
	}

	private static void awaitAll(List<Future<RecordMetadata>> sent) {
		try {
			for (Future<RecordMetadata> each : sent) {
				each.get();
			}
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("cannot write the benchmark's subscriptions", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while writing subscriptions", ex);
		}
	}

	@Override
	public void close() {
		this.producer.close();
	}

}
