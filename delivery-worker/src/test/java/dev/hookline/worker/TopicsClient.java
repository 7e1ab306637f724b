package dev.hookline.worker;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import dev.hookline.schemas.Attempt;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.DeliveryIds;
import dev.hookline.schemas.Event;
import dev.hookline.schemas.RetryTier;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.Topics;
import dev.hookline.sender.secrets.SecretCipher;
import dev.hookline.sender.secrets.SigningSecrets;
import dev.hookline.testsupport.Behaviour;
import dev.hookline.testsupport.TopicReader;
import dev.hookline.testsupport.VerifyingReceiver;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

/**
 * What the tests do on the topics, in place of the ingest service and the router: write
 * subscriptions and deliveries, read attempts, events, the dead-letter topic and the
 * worker group's commits.
 */
final class TopicsClient implements AutoCloseable {

	private final Topics topics;

	private final String bootstrapServers;

	private final KafkaProducer<String, Subscription> subscriptions;

	private final KafkaProducer<String, Delivery> deliveries;

	private final KafkaConsumer<String, Attempt> attemptReader;

	private final Admin admin;

	private final Map<String, List<Attempt>> attempts = new ConcurrentHashMap<>();

	TopicsClient(String bootstrapServers) {
		this(bootstrapServers, Topics.withDefaultPrefix());
	}

	TopicsClient(String bootstrapServers, Topics topics) {
		this.topics = topics;
		this.bootstrapServers = bootstrapServers;
		Map<String, Object> producer = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ProducerConfig.ACKS_CONFIG, "all");
		this.subscriptions = new KafkaProducer<>(producer, new StringSerializer(),
				this.topics.subscriptions().valueSerde().serializer());
		this.deliveries = new KafkaProducer<>(producer, new StringSerializer(),
				this.topics.deliveries().valueSerde().serializer());
		this.attemptReader = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
						ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG,
						"read_committed"),
				new StringDeserializer(), this.topics.attempts().valueSerde().deserializer());
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
	}

	void readAttemptsFromTheStart() {
		List<TopicPartition> partitions = this.attemptReader.partitionsFor(this.topics.attempts().name())
			.stream()
			.map((info) -> new TopicPartition(info.topic(), info.partition()))
			.toList();
		this.attemptReader.assign(partitions);
		this.attemptReader.seekToBeginning(partitions);
	}

	void write(Subscription subscription) throws ExecutionException, InterruptedException {
		this.subscriptions
			.send(new ProducerRecord<>(this.topics.subscriptions().name(), subscription.getId(), subscription))
			.get();
	}

	void delete(String subscriptionId) throws ExecutionException, InterruptedException {
		this.subscriptions.send(new ProducerRecord<>(this.topics.subscriptions().name(), subscriptionId, null)).get();
	}

	/**
	 * Writes an active subscription (id {@code sub} and the path, its slashes dashes) to
	 * a receiver path, tells the receiver how that path answers and the secret its
	 * requests are signed with; returns the subscription's id.
	 */
	String subscribe(VerifyingReceiver receiver, SecretCipher cipher, String path, Behaviour behaviour)
			throws ExecutionException, InterruptedException {
		String secret = SigningSecrets.generate();
		String subscriptionId = "sub" + path.replace('/', '-');
		receiver.secrets(path, secret).behave(path, behaviour);
		write(subscription(subscriptionId, receiver.url(path), secret, cipher).build());
		return subscriptionId;
	}

	/** Writes a delivery to the partition its key picks; returns it. */
	Delivery send(Delivery delivery) throws ExecutionException, InterruptedException {
		this.deliveries
			.send(new ProducerRecord<>(this.topics.deliveries().name(), delivery.getSubscriptionId(), delivery))
			.get();
		return delivery;
	}

	/** Writes a delivery to one partition; returns its offset. */
	long send(Delivery delivery, int partition) throws ExecutionException, InterruptedException {
		return this.deliveries
			.send(new ProducerRecord<>(this.topics.deliveries().name(), partition, delivery.getSubscriptionId(),
					delivery))
			.get()
			.offset();
	}

	/** Writes deliveries to one partition, all at once, in this order. */
	void sendAll(List<Delivery> batch, int partition) throws ExecutionException, InterruptedException {
		List<Future<RecordMetadata>> sent = new ArrayList<>();
		for (Delivery delivery : batch) {
			sent.add(this.deliveries.send(new ProducerRecord<>(this.topics.deliveries().name(), partition,
					delivery.getSubscriptionId(), delivery)));
		}
		for (Future<RecordMetadata> written : sent) {
			written.get();
		}
	}

	/** Reads the attempts written since the last call. */
	void readNewAttempts() {
		for (ConsumerRecord<String, Attempt> record : this.attemptReader.poll(Duration.ofMillis(100))) {
			this.attempts.computeIfAbsent(record.value().getDeliveryId(), (id) -> new ArrayList<>())
				.add(record.value());
		}
	}

	/** The attempts of one delivery read so far, oldest first. */
	List<Attempt> attemptsOf(String deliveryId) {
		return List.copyOf(this.attempts.getOrDefault(deliveryId, List.of()));
	}

	/** Every delivery in the dead-letter topic now, by delivery id. */
	Map<String, Delivery> deadLetters() {
		Map<String, Delivery> dead = new HashMap<>();
		TopicReader.readAll(this.bootstrapServers, this.topics.deadLetters())
			.forEach((record) -> dead.put(record.value().getDeliveryId(), record.value()));
		return dead;
	}

	/** Every event in the events topic now. */
	List<ConsumerRecord<String, Event>> events() {
		return TopicReader.readAll(this.bootstrapServers, this.topics.events());
	}

	/** Every record of a retry tier now. */
	List<ConsumerRecord<String, Delivery>> waiting(RetryTier tier) {
		return TopicReader.readAll(this.bootstrapServers, tier.topic());
	}

	/** The subscription as the topic holds it now, null when deleted or never written. */
	Subscription subscription(String id) {
		Subscription latest = null;
		for (ConsumerRecord<String, Subscription> record : TopicReader.readAll(this.bootstrapServers,
				this.topics.subscriptions())) {
			if (record.key().equals(id)) {
				latest = record.value();
			}
		}
		return latest;
	}

	/** The group's committed offset on a deliveries partition, -1 when none. */
	long committed(String groupId, int partition) throws ExecutionException, InterruptedException {
		return committed(groupId, new TopicPartition(this.topics.deliveries().name(), partition));
	}

	/** The group's committed offset on any partition, -1 when none. */
	long committed(String groupId, TopicPartition partition) throws ExecutionException, InterruptedException {
		OffsetAndMetadata committed = offsetAndMetadata(groupId, partition);
		return (committed != null) ? committed.offset() : -1;
	}

	/**
	 * The metadata of the group's committed offset on a deliveries partition, null when
	 * none is committed.
	 */
	@Nullable String committedMetadata(String groupId, int partition) throws ExecutionException, InterruptedException {
		OffsetAndMetadata committed = offsetAndMetadata(groupId,
				new TopicPartition(this.topics.deliveries().name(), partition));
		return (committed != null) ? committed.metadata() : null;
	}

	private @Nullable OffsetAndMetadata offsetAndMetadata(String groupId, TopicPartition partition)
			throws ExecutionException, InterruptedException {
		return this.admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get().get(partition);
	}

	/**
	 * An active subscription of tenant {@code acme} to every event type, at version 1,
	 * with its secret encrypted as ingest stores it.
	 */
	static Subscription.Builder subscription(String id, String url, String secret, SecretCipher cipher) {
		Instant now = Instant.now();
		return Subscription.newBuilder()
			.setId(id)
			.setTenant("acme")
			.setUrl(url)
			.setSecret(ByteBuffer.wrap(cipher.encrypt(secret, "acme", id)))
			.setEventTypes(List.of("*"))
			.setActive(true)
			.setVersion(1)
			.setCreatedAt(now)
			.setUpdatedAt(now);
	}

	static Delivery delivery(String subscriptionId, long subscriptionVersion, String eventId) {
		Instant now = Instant.now();
		String body = "{\"id\":\"" + eventId + "\",\"type\":\"post.created\",\"timestamp\":\"" + now
				+ "\",\"data\":{\"title\":\"Grüße\"}}";
		return Delivery.newBuilder()
			.setDeliveryId(DeliveryIds.of(eventId, subscriptionId))
			.setTenant("acme")
			.setEventId(eventId)
			.setEventType("post.created")
			.setSubscriptionId(subscriptionId)
			.setSubscriptionVersion(subscriptionVersion)
			.setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))
			.setAttempt(1)
			.setCreatedAt(now)
			.setDueAt(now)
			.build();
	}

	@Override
	public void close() {
		this.subscriptions.close();
		this.deliveries.close();
		this.attemptReader.close();
		this.admin.close();
	}

}
