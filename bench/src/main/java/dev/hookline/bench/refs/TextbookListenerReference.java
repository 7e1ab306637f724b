package dev.hookline.bench.refs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.hookline.sender.signing.WebhookSigner;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;

/**
 * T: the textbook worker a team writes first: a spring-kafka record listener, one
 * consumer thread per partition, that signs and POSTs each delivery with a blocking HTTP
 * call and lets the container commit after each batch.
 *
 * <p>
 * It reads deliveries (the request bodies) from a topic with as many partitions as
 * Hookline's. Once every partition has its consumer, it produces the bodies and reports
 * deliveries per second from the first send to the last answer. Every request is signed
 * the way Hookline signs, so only the delivery model differs.
 */
public final class TextbookListenerReference {

	static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private final String bootstrapServers;

	private final int partitions;

	public TextbookListenerReference(String bootstrapServers, int partitions) {
		this.bootstrapServers = bootstrapServers;
		this.partitions = partitions;
	}

	/**
	 * Queues the bodies as deliveries, then lets the listener POST each to the target.
	 * @throws IllegalStateException when not every delivery is answered within
	 * {@code timeout}
	 */
	public Result run(List<byte[]> bodies, URI target, Duration timeout) throws InterruptedException {
		String topic = "bench.t." + UUID.randomUUID().toString().substring(0, 8);
		BenchTopics.create(this.bootstrapServers, topic, this.partitions);
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		CountDownLatch answered = new CountDownLatch(bodies.size());
		AtomicLong failed = new AtomicLong();
		ContainerProperties properties = new ContainerProperties(topic);
		properties.setGroupId(topic);
		properties.setMessageListener((MessageListener<byte[], byte[]>) (record) -> {
			if (!post(http, target, record.value())) {
				failed.incrementAndGet();
			}
			answered.countDown();
		});
		ConcurrentMessageListenerContainer<byte[], byte[]> container = new ConcurrentMessageListenerContainer<>(
				new DefaultKafkaConsumerFactory<>(consumerConfig(), new ByteArrayDeserializer(),
						new ByteArrayDeserializer()),
				properties);
		container.setConcurrency(this.partitions);
		container.start();
		long start;
		try {
			// Time the listener, not the group forming: with the bodies already on the
			// topic, the clock used to start before twelve consumers joined and
			// rebalanced, which took from a few seconds to most of a minute (T ranged
			// from 41 to 141 deliveries/s between runs).
			awaitAssignment(container, timeout);
			start = System.nanoTime();
			produce(topic, bodies);
		}
		catch (RuntimeException | InterruptedException ex) {
			container.stop();
			throw ex;
		}
		try {
			if (!answered.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("T answered " + (bodies.size() - answered.getCount()) + " of "
						+ bodies.size() + " within " + timeout);
			}
			long elapsed = System.nanoTime() - start;
			return new Result(bodies.size(), failed.get(), bodies.size() * 1e9 / elapsed);
		}
		finally {
			container.stop();
		}
	}

	private void awaitAssignment(ConcurrentMessageListenerContainer<byte[], byte[]> container, Duration timeout)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (container.getAssignedPartitions().size() < this.partitions) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						"T's consumers were assigned " + container.getAssignedPartitions().size() + " of "
								+ this.partitions + " partitions within " + timeout);
			}
			Thread.sleep(50);
		}
	}

	/** One blocking, signed POST, as the textbook worker sends it. */
	private static boolean post(HttpClient http, URI target, byte[] body) {
		String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
		long now = Instant.now().getEpochSecond();
		HttpRequest request = HttpRequest.newBuilder(target)
			.timeout(Duration.ofSeconds(15))
			.header("content-type", "application/json")
			.header("webhook-id", id)
			.header("webhook-timestamp", Long.toString(now))
			.header("webhook-signature", WebhookSigner.signature(id, now, body, List.of(SECRET)))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		try {
			int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
			return status / 100 == 2;
		}
		catch (java.io.IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void produce(String topic, List<byte[]> bodies) {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5);
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
				new ByteArraySerializer())) {
			for (int i = 0; i < bodies.size(); i++) {
				// keys spread like subscription ids, so every partition gets its share
				producer.send(new ProducerRecord<>(topic, ("sub_" + (i % 1000)).getBytes(), bodies.get(i)));
			}
			producer.flush();
		}
	}

	private Map<String, Object> consumerConfig() {
		return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers,
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
	}

	/**
	 * What T measured.
	 *
	 * @param deliveries deliveries answered
	 * @param failed of them, the ones not answered 2xx
	 * @param perSecond deliveries per second, container start to last answer
	 */
	public record Result(int deliveries, long failed, double perSecond) {
	}

}
