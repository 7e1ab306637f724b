package dev.hookline.ingest.deliveries;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hookline.ingest.IngestProperties;
import dev.hookline.ingest.kafka.KafkaUnavailableException;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.RetryTier;
import dev.hookline.schemas.Topic;
import dev.hookline.schemas.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.stereotype.Component;

/**
 * Finds the newest record of one delivery in the topics that hold deliveries (the DLQ,
 * the retry tiers and {@code deliveries}) by reading them all: a stop-gap until the
 * delivery log is materialized into an index.
 *
 * <p>
 * Cost: O(retained records) per call. Every call opens a consumer of its own and fetches
 * and decodes every retained record of those topics, so it grows with traffic and
 * retention (the DLQ keeps 90 days); keep it to admin use. It reads committed records
 * only, up to the end offsets taken when it starts, on Reactor's bounded-elastic
 * scheduler because the consumer blocks. The newest record is the one with the latest
 * timestamp; ties go to the later step of the pipeline (a retry tier over
 * {@code deliveries}, the DLQ over both), then to the later offset. Records that cannot
 * be decoded are passed over and logged, not quarantined: this is a search, and the
 * worker that consumes {@code deliveries} and the tiers quarantines them itself (the DLQ
 * is written by workers only, and {@code hookline dlq list} counts what it cannot read).
 * When Kafka cannot be reached, or the scan does not finish within
 * {@code hookline.ingest.delivery-scan-timeout}, the {@code Mono} fails with
 * {@link KafkaUnavailableException}.
 */
@Component
final class DeliveryScan {

	private static final Logger log = LoggerFactory.getLogger(DeliveryScan.class);

	private static final Duration MAX_POLL = Duration.ofMillis(200);

	private static final AtomicInteger clients = new AtomicInteger();

	private final KafkaSettings kafka;

	/** Topic name to its step in the pipeline: later steps hold newer copies. */
	private final Map<String, Integer> steps = new HashMap<>();

	private final Deserializer<Delivery> values;

	private final Duration timeout;

	DeliveryScan(KafkaSettings settings, Topics topics, IngestProperties properties) {
		this.kafka = settings;
		List<Topic<String, Delivery>> sources = new ArrayList<>();
		sources.add(topics.deliveries());
		topics.retryTiers().stream().map(RetryTier::topic).forEach(sources::add);
		sources.add(topics.deadLetters());
		sources.forEach(topic -> this.steps.put(topic.name(), this.steps.size()));
		this.values = topics.deliveries().valueSerde().deserializer();
		this.timeout = properties.deliveryScanTimeout();
	}

	/**
	 * The newest record of the delivery with this id, of any tenant, if one is retained.
	 */
	Mono<Optional<Delivery>> newest(String deliveryId) {
		return Mono.fromCallable(() -> scan(deliveryId))
			.subscribeOn(Schedulers.boundedElastic())
			.onErrorMap(KafkaException.class, ex -> new KafkaUnavailableException(
					"could not scan the delivery topics for " + deliveryId + " within " + this.timeout, ex));
	}

	private Optional<Delivery> scan(String deliveryId) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		try (Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = new ArrayList<>();
			for (String topic : this.steps.keySet()) {
				consumer.partitionsFor(topic, remaining(deadline))
					.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
			}
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, remaining(deadline));
			Candidate newest = null;
			List<TopicPartition> reading = new ArrayList<>(partitions);
			while (!readToEnd(consumer, reading, ends, deadline)) {
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(min(remaining(deadline), MAX_POLL))) {
					Candidate candidate = match(record, deliveryId, ends);
					if (candidate != null && (newest == null || Candidate.ORDER.compare(candidate, newest) > 0)) {
						newest = candidate;
					}
				}
			}
			return Optional.ofNullable(newest).map(Candidate::delivery);
		}
	}

	/**
	 * Whether every partition is read up to its end; pauses those that are, so that no
	 * record past the end offsets is fetched.
	 */
	private static boolean readToEnd(Consumer<?, ?> consumer, List<TopicPartition> reading,
			Map<TopicPartition, Long> ends, long deadline) {
		List<TopicPartition> done = reading.stream()
			.filter(partition -> consumer.position(partition, remaining(deadline)) >= ends.get(partition))
			.toList();
		consumer.pause(done);
		reading.removeAll(done);
		if (!reading.isEmpty() && remaining(deadline).isZero()) {
			throw new TimeoutException(reading.size() + " partition(s) not read to their end");
		}
		return reading.isEmpty();
	}

	private @Nullable Candidate match(ConsumerRecord<byte[], byte[]> record, String deliveryId,
			Map<TopicPartition, Long> ends) {
		if (record.value() == null
				|| record.offset() >= ends.get(new TopicPartition(record.topic(), record.partition()))) {
			return null;
		}
		Delivery delivery;
		try {
			delivery = this.values.deserialize(record.topic(), record.value());
		}
		catch (SerializationException ex) {
			log.warn("skipped an unreadable record at {}-{}@{}: {}", record.topic(), record.partition(),
					record.offset(), ex.getMessage());
			return null;
		}
		if (delivery == null || !delivery.getDeliveryId().equals(deliveryId)) {
			return null;
		}
		return new Candidate(delivery, record.timestamp(), this.steps.get(record.topic()), record.offset());
	}

	private Map<String, Object> consumerConfig() {
		int timeoutMs = Math.toIntExact(this.timeout.toMillis());
		// one id per consumer, so their metrics do not collide
		Map<String, Object> config = this.kafka.client("hookline-ingest-delivery-scan-" + clients.incrementAndGet());
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
		return config;
	}

	private static Duration remaining(long deadline) {
		return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	/**
	 * A record of the delivery sought, with what orders it among the others.
	 *
	 * @param delivery the record's value
	 * @param timestamp the record's timestamp, in epoch milliseconds
	 * @param step the step of the pipeline its topic is
	 * @param offset its offset in its partition
	 */
	private record Candidate(Delivery delivery, long timestamp, int step, long offset) {

		static final Comparator<Candidate> ORDER = Comparator.comparingLong(Candidate::timestamp)
			.thenComparingInt(Candidate::step)
			.thenComparingLong(Candidate::offset);

	}

}
