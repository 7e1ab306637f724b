package dev.hookline.worker;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.Quarantined;
import dev.hookline.schemas.Quarantines;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.Topics;
import dev.hookline.sender.secrets.SigningSecrets;
import dev.hookline.testsupport.Behaviour;
import dev.hookline.testsupport.NewerRelease;
import dev.hookline.testsupport.Received;
import dev.hookline.testsupport.TopicReader;
import dev.hookline.testsupport.VerifyingReceiver;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rolling upgrade loses nothing (issue 19, point 5): this release's worker, the old
 * reader, in front of records a newer release writes with schemas it never saw. Once the
 * newer writer published them, as every writer does when it starts, the worker reads its
 * subscription and its delivery and sends it; a record whose schema nobody published is
 * quarantined, not skipped, and sent once re-injected after the schema is published.
 */
@EmbeddedKafka
class RollingUpgradeIntegrationTest {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final Topics TOPICS = Topics.withDefaultPrefix();

	@TempDir
	static Path temp;

	private static TestWorker setUp;

	private static VerifyingReceiver receiver;

	private static KafkaProducer<String, byte[]> producer;

	private static ConfigurableApplicationContext worker;

	private final String id = UUID.randomUUID().toString().substring(0, 8);

	@BeforeAll
	static void start() throws Exception {
		setUp = TestWorker.prepare(temp);
		receiver = VerifyingReceiver.start();
		producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, setUp.brokers()),
				new StringSerializer(), new ByteArraySerializer());
		worker = setUp.start();
	}

	@AfterAll
	static void stop() {
		worker.close();
		producer.close();
		receiver.close();
	}

	@Test
	void theOldWorkerSendsWhatANewerReleaseWroteOnceItsSchemasArePublished() throws Exception {
		NewerRelease.publish(setUp.brokers(), TOPICS, Subscription.class);
		NewerRelease.publish(setUp.brokers(), TOPICS, Delivery.class);
		String path = "/upgraded/" + this.id;
		String subscriptionId = subscribe(path, true);
		Delivery delivery = TopicsClient.delivery(subscriptionId, 1, "evt-" + this.id);

		write(TOPICS.deliveries().name(), subscriptionId, NewerRelease.encode(delivery, "from the future"));

		Received received = await().atMost(PATIENCE)
			.until(() -> receiver.received(path), (found) -> found.size() == 1)
			.get(0);
		assertThat(received.webhookId()).isEqualTo(delivery.getDeliveryId());
		assertThat(received.verified()).as(received.verificationError()).isTrue();
		assertThat(received.body()).isEqualTo(StandardCharsets.UTF_8.decode(delivery.getBody()).toString());
	}

	@Test
	void aRecordWhoseSchemaWasNeverPublishedIsQuarantinedThenSentOnceReinjected() throws Exception {
		String path = "/unpublished/" + this.id;
		String subscriptionId = subscribe(path, false);
		Delivery delivery = TopicsClient.delivery(subscriptionId, 1, "evt-" + this.id);
		String field = "unpublished" + this.id.replace("-", "");
		RecordMetadata written = write(TOPICS.deliveries().name(), subscriptionId,
				NewerRelease.encode(delivery, field, "x"));
		String entryId = Quarantines.id(written.topic(), written.partition(), written.offset());

		Quarantined entry = await().atMost(PATIENCE).until(() -> quarantined(entryId), Objects::nonNull);
		assertThat(entry.getReason()).isEqualTo(Quarantines.UNDECODABLE);
		assertThat(receiver.received(path)).isEmpty();

		// the newer release starts and publishes; an admin re-injects, as the CLI does
		NewerRelease.publish(setUp.brokers(), TOPICS, Delivery.class, field);
		producer
			.send(new ProducerRecord<>(entry.getOriginTopic(), entry.getOriginPartition(), subscriptionId,
					bytes(entry.getValue())))
			.get();

		Received received = await().atMost(PATIENCE)
			.until(() -> receiver.received(path), (found) -> found.size() == 1)
			.get(0);
		assertThat(received.webhookId()).isEqualTo(delivery.getDeliveryId());
	}

	/**
	 * Writes a subscription to a receiver path as the newer release writes it, or as this
	 * one does; returns its id.
	 */
	private static String subscribe(String path, boolean asNewer) throws Exception {
		String secret = SigningSecrets.generate();
		String subscriptionId = "sub" + path.replace('/', '-');
		receiver.secrets(path, secret).behave(path, Behaviour.ok());
		Subscription subscription = TopicsClient
			.subscription(subscriptionId, receiver.url(path), secret, setUp.cipher())
			.build();
		write(TOPICS.subscriptions().name(), subscriptionId,
				asNewer ? NewerRelease.encode(subscription, "from the future")
						: TOPICS.subscriptions().valueSerde().serializer().serialize("", subscription));
		return subscriptionId;
	}

	private static RecordMetadata write(String topic, String key, byte[] value) throws Exception {
		return producer.send(new ProducerRecord<>(topic, key, value)).get();
	}

	private static Quarantined quarantined(String entryId) {
		Quarantined found = null;
		for (var record : TopicReader.readAll(setUp.brokers(), TOPICS.quarantine())) {
			if (record.key().equals(entryId)) {
				found = record.value();
			}
		}
		return found;
	}

	private static byte[] bytes(ByteBuffer buffer) {
		ByteBuffer copy = buffer.duplicate();
		byte[] bytes = new byte[copy.remaining()];
		copy.get(bytes);
		return bytes;
	}

}
