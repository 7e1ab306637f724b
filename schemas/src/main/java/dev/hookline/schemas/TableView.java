package dev.hookline.schemas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory copy of a compacted topic, read from the beginning of every partition by
 * one background thread, and kept up to date until {@link #close()}.
 *
 * <p>
 * Kafka's Java client has no table reader outside Kafka Streams, and a whole Streams app
 * per service for one small table would add a state directory, a consumer group and
 * changelog topics, so this is written here. Reads never block. {@link #sync()} is a read
 * barrier: it completes once the view holds everything the topic held when it was called.
 * A record whose value cannot be decoded does not stop the view: it is quarantined
 * ({@link QuarantineWriter}), the view keeps what it held for that key, and goes on once
 * the quarantine has the record. A view made without a quarantine writer (a test, a
 * short-lived tool) logs such a record instead.
 */
public final class TableView<K, V> implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(TableView.class);

	/** The longest the broker holds back a fetch of the view's that finds nothing new. */
	static final int FETCH_MAX_WAIT_MS = 100;

	private final Topic<K, V> topic;

	private final Properties consumerProperties;

	private final Map<K, V> table = new ConcurrentHashMap<>();

	private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<Barrier> requested = new ConcurrentLinkedQueue<>();

	private final List<Barrier> waiting = new ArrayList<>();

	private final Thread thread;

	private volatile boolean running = true;

	/** How many partitions the topic has, once they are assigned; 0 before. */
	private volatile int partitionCount;

	private volatile @Nullable KafkaConsumer<byte[], byte[]> consumer;

	private final @Nullable QuarantineWriter quarantine;

	/**
	 * A view that logs the records it cannot decode.
	 * @param topic the compacted topic to mirror
	 * @param bootstrapServers the cluster to read from
	 * @param extraConfig further consumer settings (security, client id)
	 */
	public TableView(Topic<K, V> topic, String bootstrapServers, Map<String, Object> extraConfig) {
		this(topic, bootstrapServers, extraConfig, null);
	}

	/**
	 * @param topic the compacted topic to mirror
	 * @param bootstrapServers the cluster to read from
	 * @param extraConfig further consumer settings (security, client id)
	 * @param quarantine where the records it cannot decode go; null to log them
	 */
	public TableView(Topic<K, V> topic, String bootstrapServers, Map<String, Object> extraConfig,
			@Nullable QuarantineWriter quarantine) {
		this.topic = topic;
		this.quarantine = quarantine;
		this.consumerProperties = new Properties();
		// a read barrier after a transaction waits for the fetch that returns its commit
		// marker, which the broker holds back up to fetch.max.wait.ms (500 ms by
		// default);
		// the topics are small, so fetching more often costs little
		this.consumerProperties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
		this.consumerProperties.putAll(extraConfig);
		this.consumerProperties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		this.consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		this.consumerProperties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		this.consumerProperties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		this.consumerProperties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		this.thread = new Thread(this::run, "table-view-" + topic.name());
		this.thread.setDaemon(true);
	}

	/** Starts reading; returns a future that completes once the view has caught up. */
	public CompletableFuture<Void> start() {
		this.thread.start();
		return sync();
	}

	/**
	 * How many partitions the topic has; known once {@link #start()}'s future has
	 * completed, 0 before.
	 */
	public int partitions() {
		return this.partitionCount;
	}

	public Optional<V> get(K key) {
		return Optional.ofNullable(this.table.get(key));
	}

	public Collection<V> values() {
		return this.table.values();
	}

	/**
	 * Completes once the view holds every record the topic held at the time of this call.
	 */
	public CompletableFuture<Void> sync() {
		return request(new Barrier(null));
	}

	/**
	 * Completes once the view has applied the record at {@code offset} of
	 * {@code partition}.
	 */
	public CompletableFuture<Void> awaitOffset(int partition, long offset) {
		return request(new Barrier(Map.of(new TopicPartition(this.topic.name(), partition), offset + 1)));
	}

	private CompletableFuture<Void> request(Barrier barrier) {
		if (!this.running) {
			return CompletableFuture
				.failedFuture(new IllegalStateException("table view of " + this.topic + " is closed"));
		}
		this.requested.add(barrier);
		wakeUp();
		return barrier.future;
	}

	private void wakeUp() {
		KafkaConsumer<byte[], byte[]> current = this.consumer;
		if (current != null) {
			current.wakeup();
		}
	}

	private void run() {
		try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(this.consumerProperties)) {
			this.consumer = kafka;
			List<TopicPartition> partitions = null;
			long quietUntil = 0;
			while (this.running) {
				try {
					if (partitions == null) {
						// inside the loop: a barrier's wakeup may interrupt it, and then
						// it is tried again
						partitions = assignAll(kafka);
					}
					takeRequestedBarriers(kafka, partitions);
					completeReachedBarriers();
					ConsumerRecords<byte[], byte[]> records = kafka.poll(Duration.ofMillis(500));
					records.forEach(this::apply);
					for (TopicPartition partition : partitions) {
						this.positions.put(partition, kafka.position(partition));
					}
					completeReachedBarriers();
				}
				catch (WakeupException ex) {
					// a barrier was requested, or close() was called: go round again
				}
				catch (KafkaException ex) {
					// a broker outage must not end the view: keep trying, and say so now
					// and then
					if (System.currentTimeMillis() > quietUntil) {
						log.warn("table view of {} cannot read the topic, retrying: {}", this.topic, ex.toString());
						quietUntil = System.currentTimeMillis() + 30_000;
					}
				}
			}
		}
		catch (RuntimeException ex) {
			if (this.running) {
				log.error("table view of {} stopped", this.topic, ex);
			}
			failAll(ex);
		}
		finally {
			this.consumer = null;
			failAll(new IllegalStateException("table view of " + this.topic + " is closed"));
		}
	}

	private List<TopicPartition> assignAll(KafkaConsumer<byte[], byte[]> kafka) {
		List<TopicPartition> partitions = new ArrayList<>();
		for (PartitionInfo info : kafka.partitionsFor(this.topic.name(), Duration.ofSeconds(30))) {
			partitions.add(new TopicPartition(info.topic(), info.partition()));
		}
		kafka.assign(partitions);
		kafka.seekToBeginning(partitions);
		this.partitionCount = partitions.size();
		return partitions;
	}

	/**
	 * Moves requested barriers to the waiting list, giving each read barrier the end
	 * offsets of now. A barrier leaves the request queue only once it has its targets, so
	 * neither a wakeup nor a failed look-up of the end offsets can lose it.
	 */
	private void takeRequestedBarriers(KafkaConsumer<byte[], byte[]> kafka, List<TopicPartition> partitions) {
		List<Barrier> taken = new ArrayList<>();
		Barrier barrier;
		while ((barrier = this.requested.poll()) != null) {
			taken.add(barrier);
		}
		if (taken.isEmpty()) {
			return;
		}
		try {
			Map<TopicPartition, Long> ends = taken.stream().anyMatch(b -> b.targets == null)
					? kafka.endOffsets(partitions, Duration.ofSeconds(10)) : Map.of();
			for (Barrier b : taken) {
				this.waiting.add((b.targets != null) ? b : new Barrier(ends, b.future));
			}
		}
		catch (RuntimeException ex) {
			this.requested.addAll(taken);
			throw ex;
		}
	}

	private void apply(ConsumerRecord<byte[], byte[]> record) {
		try {
			K key = this.topic.keySerde().deserializer().deserialize(record.topic(), record.key());
			V value = this.topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
			if (key == null) {
				return;
			}
			if (value == null) {
				this.table.remove(key);
			}
			else {
				this.table.put(key, value);
			}
		}
		catch (SerializationException ex) {
			if (this.quarantine != null) {
				this.quarantine.quarantine(record, Quarantines.UNDECODABLE, ex);
			}
			else {
				log.warn("skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
						ex.getMessage());
			}
		}
	}

	private void completeReachedBarriers() {
		for (Iterator<Barrier> it = this.waiting.iterator(); it.hasNext();) {
			Barrier barrier = it.next();
			if (barrier.reached(this.positions)) {
				barrier.future.complete(null);
				it.remove();
			}
		}
	}

	private void failAll(Exception cause) {
		this.waiting.forEach(b -> b.future.completeExceptionally(cause));
		Barrier barrier;
		while ((barrier = this.requested.poll()) != null) {
			barrier.future.completeExceptionally(cause);
		}
	}

	/** Names the topic it mirrors, for messages. */
	@Override
	public String toString() {
		return this.topic.name();
	}

	@Override
	public void close() {
		this.running = false;
		wakeUp();
		try {
			this.thread.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static final class Barrier {

		final @Nullable Map<TopicPartition, Long> targets;

		final CompletableFuture<Void> future;

		Barrier(@Nullable Map<TopicPartition, Long> targets) {
			this(targets, new CompletableFuture<>());
		}

		Barrier(@Nullable Map<TopicPartition, Long> targets, CompletableFuture<Void> future) {
			this.targets = (targets != null) ? new HashMap<>(targets) : null;
			this.future = future;
		}

		boolean reached(Map<TopicPartition, Long> positions) {
			if (this.targets == null) {
				return false;
			}
			return this.targets.entrySet()
				.stream()
				.allMatch(target -> positions.getOrDefault(target.getKey(), 0L) >= target.getValue());
		}

	}

}
