package dev.hookline.ingest.deliverylog;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.hookline.schemas.Attempt;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the {@link DeliveryLog} from the {@code deliveries} and {@code attempts} topics,
 * on a thread of its own, from the retention ago until {@link #close()}.
 *
 * <p>
 * Reads every partition without a consumer group (every ingest instance holds the whole
 * log) and committed records only. A broker outage does not end it: it keeps trying, and
 * says so in the log now and then. A record that cannot be decoded is passed over: the
 * delivery history ({@link HistoryWriter}) reads the same records and quarantines it.
 */
final class DeliveryLogReader implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(DeliveryLogReader.class);

	private static final HexFormat HEX = HexFormat.of();

	private final DeliveryLog deliveryLog;

	private final Properties consumerProperties = new Properties();

	private final String deliveriesTopic;

	private final String attemptsTopic;

	private final Deserializer<Delivery> deliveries;

	private final Deserializer<Attempt> attempts;

	private final Duration retention;

	private final Clock clock;

	private final Thread thread;

	private volatile boolean running = true;

	private volatile @Nullable KafkaConsumer<byte[], byte[]> consumer;

	DeliveryLogReader(DeliveryLog deliveryLog, Topics topics, KafkaSettings kafka, Duration retention, Clock clock) {
		this.deliveryLog = deliveryLog;
		this.deliveriesTopic = topics.deliveries().name();
		this.attemptsTopic = topics.attempts().name();
		this.deliveries = topics.deliveries().valueSerde().deserializer();
		this.attempts = topics.attempts().valueSerde().deserializer();
		this.retention = retention;
		this.clock = clock;
		this.consumerProperties.putAll(kafka.client("hookline-ingest-delivery-log"));
		this.consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		this.consumerProperties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		// a position that retention deleted while the broker was away: take what is left
		this.consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		this.consumerProperties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		this.consumerProperties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		this.thread = new Thread(this::run, "delivery-log");
		this.thread.setDaemon(true);
	}

	void start() {
		this.thread.start();
	}

	private void run() {
		try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(this.consumerProperties)) {
			this.consumer = kafka;
			boolean assigned = false;
			long quietUntil = 0;
			while (this.running) {
				try {
					if (!assigned) {
						assignFromRetention(kafka);
						assigned = true;
					}
					kafka.poll(Duration.ofMillis(500)).forEach(this::apply);
					this.deliveryLog.expire(this.clock.instant());
				}
				catch (WakeupException ex) {
					// close() was called: the loop ends
				}
				catch (KafkaException ex) {
					// a broker outage must not end the log: keep trying, and say so now
					// and
					// then
					if (System.currentTimeMillis() > quietUntil) {
						log.warn("the delivery log cannot read its topics, retrying: {}", ex.toString());
						quietUntil = System.currentTimeMillis() + 30_000;
					}
				}
			}
		}
		catch (RuntimeException ex) {
			if (this.running) {
				log.error("the delivery log stopped", ex);
			}
		}
		finally {
			this.consumer = null;
		}
	}

	/**
	 * Every partition of both topics, each from the first record within the retention.
	 */
	private void assignFromRetention(KafkaConsumer<byte[], byte[]> kafka) {
		List<TopicPartition> partitions = new ArrayList<>();
		for (String topic : List.of(this.deliveriesTopic, this.attemptsTopic)) {
			for (PartitionInfo info : kafka.partitionsFor(topic, Duration.ofSeconds(30))) {
				partitions.add(new TopicPartition(info.topic(), info.partition()));
			}
		}
		long from = this.clock.instant().minus(this.retention).toEpochMilli();
		Map<TopicPartition, Long> times = new HashMap<>();
		partitions.forEach(partition -> times.put(partition, from));
		Map<TopicPartition, OffsetAndTimestamp> offsets = kafka.offsetsForTimes(times, Duration.ofSeconds(30));
		kafka.assign(partitions);
		for (TopicPartition partition : partitions) {
			OffsetAndTimestamp first = offsets.get(partition);
			if (first != null) {
				kafka.seek(partition, first.offset());
			}
			else {
				// nothing within the retention
				kafka.seekToEnd(List.of(partition));
			}
		}
	}

	private void apply(ConsumerRecord<byte[], byte[]> record) {
		try {
			if (record.value() == null) {
				throw new SerializationException(
						"a record without a value (a tombstone) is neither a delivery " + "nor an attempt");
			}
			if (record.topic().equals(this.attemptsTopic)) {
				this.deliveryLog.attempted(this.attempts.deserialize(record.topic(), record.value()),
						record.timestamp());
			}
			else {
				Delivery delivery = this.deliveries.deserialize(record.topic(), record.value());
				this.deliveryLog.queued(delivery, sha256Hex(delivery.getBody()), record.timestamp());
			}
		}
		catch (SerializationException ex) {
			log.warn("the delivery log passed over an undecodable record at {}-{}@{}", record.topic(),
					record.partition(), record.offset());
		}
		catch (RuntimeException ex) {
			// one record the log cannot take must not stop it for all the others
			log.error("the delivery log skipped the record at {}-{}@{}", record.topic(), record.partition(),
					record.offset(), ex);
		}
	}

	static String sha256Hex(ByteBuffer body) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			sha.update(body.duplicate());
			return HEX.formatHex(sha.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform has SHA-256", ex);
		}
	}

	@Override
	public void close() {
		this.running = false;
		KafkaConsumer<byte[], byte[]> current = this.consumer;
		if (current != null) {
			current.wakeup();
		}
		try {
			this.thread.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
