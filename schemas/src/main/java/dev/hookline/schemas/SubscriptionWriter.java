package dev.hookline.schemas;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way Hookline changes a subscription: a compare-and-set against its latest
 * committed record, with one writer per partition of the subscriptions topic at a time,
 * across every ingest instance and worker.
 *
 * <p>
 * Each writer holds, per partition of the topic, a transactional producer whose
 * transactional id ({@code <prefix>subscriptions-writer-<partition>}) every writer
 * shares. Opening one takes the partition's lease: Kafka fences the previous holder,
 * aborts its open transaction and refuses its commits from then on. Once it has the
 * lease, the writer waits for the view to hold every committed record of the topic; from
 * then on, every record committed to that partition is its own (held by the view before
 * each change returns) until another writer takes the lease. A change decides on the
 * subscription as the view holds it and writes in a transaction; if another writer took
 * the lease meanwhile, the commit fails, and the change runs again under a new lease, on
 * the newer state. A decision to write nothing, or to refuse, is checked by no commit, so
 * it is taken again after a read barrier before it stands (a lease that moved would
 * otherwise answer from a stale view). So a decision never acts on a stale record, a
 * version is never written twice, and a deleted subscription is never written again by a
 * change decided before the delete.
 *
 * <p>
 * Kafka has no conditional append, and a command topic with a single consumer applying it
 * would add a topic, a consumer group and a reply path for a few writes a minute; the
 * lease gives the same guarantee with the broker's own fencing. Changes are rare (admin
 * requests, a worker disabling an endpoint, the secret sweep), so the cost of a lease
 * moving between instances (a producer opened again and the view caught up, about 0.2 s
 * on a small machine, against 10 ms a write while the lease stays) does not matter. An
 * instance that dies inside a transaction holds back readers of that partition until the
 * transaction times out ({@value #TRANSACTION_TIMEOUT_MS} ms) or the next writer takes
 * the lease. Calls block: run them off event loops.
 */
public final class SubscriptionWriter implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(SubscriptionWriter.class);

	static final int TRANSACTION_TIMEOUT_MS = 10_000;

	/** The longest wait before taking back a lease another writer took. */
	private static final long MAX_BACKOFF_MS = 500;

	private final Topic<String, Subscription> topic;

	private final TableView<String, Subscription> view;

	private final Map<String, Object> producerConfig;

	private final Duration timeout;

	private final String transactionalIdPrefix;

	private final Map<Integer, Lease> leases = new HashMap<>();

	private volatile boolean closed;

	/**
	 * @param topics the topics, with the subscriptions topic to write
	 * @param view a started view of the subscriptions topic, the service's own, so that
	 * it reads the writer's writes; the writer decides on it, after a read barrier
	 * whenever no commit will check the decision
	 * @param bootstrapServers the cluster
	 * @param extraConfig further producer settings (security, client id)
	 * @param timeout the longest a change waits for Kafka or the view, per attempt
	 */
	public SubscriptionWriter(Topics topics, TableView<String, Subscription> view, String bootstrapServers,
			Map<String, Object> extraConfig, Duration timeout) {
		this.topic = topics.subscriptions();
		this.view = view;
		this.timeout = timeout;
		this.transactionalIdPrefix = topics.prefix() + "subscriptions-writer-";
		int timeoutMs = Math.toIntExact(timeout.toMillis());
		Map<String, Object> config = new HashMap<>(extraConfig);
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
		config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
		config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_REQUEST_BYTES);
		this.producerConfig = Map.copyOf(config);
	}

	/**
	 * Decides on the subscription as it is now and writes what the decision says, at most
	 * once, under the lease of the subscription's partition. Exceptions the decision
	 * throws come out of this call unchanged, and nothing is written.
	 * @param id the subscription's id
	 * @param decide given the subscription's latest record (empty when there is none or
	 * it was deleted), what to write and what to return
	 * @return the decision's result, once what it wrote is committed and in the view
	 * @throws KafkaException when Kafka or the view did not answer in time, or other
	 * writers kept taking the lease for that long; the change may then have been written
	 * or not
	 */
	public <T> T change(String id, Function<Optional<Subscription>, Plan<T>> decide) {
		int partition = partitionOf(id);
		long deadline = System.nanoTime() + this.timeout.toNanos();
		for (int attempt = 1;; attempt++) {
			Lease lease = lease(partition);
			synchronized (lease) {
				try {
					return lease.change(id, decide);
				}
				catch (KafkaException ex) {
					lease.close();
					if (!fenced(ex)) {
						throw ex;
					}
					if (System.nanoTime() - deadline > 0) {
						throw new KafkaException("the subscriptions writer of partition " + partition
								+ " kept losing its lease to other writers for " + this.timeout, ex);
					}
					log.debug("lease of subscriptions partition {} taken by another writer; deciding again", partition);
				}
			}
			backOff(attempt);
		}
	}

	/**
	 * Waits a random while, growing with the attempts, before taking the lease back, so
	 * that writers that keep fencing each other let one of them finish.
	 */
	private static void backOff(int attempt) {
		long most = Math.min(MAX_BACKOFF_MS, 10L << Math.min(attempt, 10));
		try {
			Thread.sleep(ThreadLocalRandom.current().nextLong(most / 2, most + 1));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptException(ex);
		}
	}

	/**
	 * Whether the transaction failed because another writer took the lease: fenced
	 * outright, or found already aborted by the coordinator when this one tried to commit
	 * ({@link InvalidTxnStateException}). Either way nothing was committed.
	 */
	private static boolean fenced(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ProducerFencedException || cause instanceof InvalidProducerEpochException
					|| cause instanceof InvalidTxnStateException || cause instanceof TransactionAbortableException) {
				return true;
			}
		}
		return false;
	}

	private synchronized Lease lease(int partition) {
		if (this.closed) {
			throw new KafkaException("the subscriptions writer is closed");
		}
		return this.leases.computeIfAbsent(partition, Lease::new);
	}

	private int partitionOf(String id) {
		int partitions = this.view.partitions();
		if (partitions == 0) {
			throw new IllegalStateException("the view of " + this.topic + " has not started");
		}
		// the default partitioner's choice for a keyed record, so that every record of a
		// key stays in one partition whoever wrote it
		byte[] key = this.topic.keySerde().serializer().serialize(this.topic.name(), id);
		return Utils.toPositive(Utils.murmur2(key)) % partitions;
	}

	/** A producer that takes the lease of this partition once initialised. */
	private KafkaProducer<byte[], byte[]> producer(int partition) {
		Map<String, Object> config = new HashMap<>(this.producerConfig);
		// one client id per producer, so their metrics do not collide
		config.computeIfPresent(ProducerConfig.CLIENT_ID_CONFIG, (name, id) -> id + "-" + partition);
		config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, this.transactionalIdPrefix + partition);
		return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		this.leases.values().forEach(Lease::close);
		this.leases.clear();
	}

	/**
	 * What a decision wants done: a record to write (or a tombstone), records to write in
	 * the same transaction, and what {@link #change} returns.
	 *
	 * @param <T> the result's type
	 * @param result what {@link #change} returns
	 * @param write whether to write at all
	 * @param value the record to write, or null to delete the subscription
	 * @param alongside records committed with it, or none
	 */
	public record Plan<T>(T result, boolean write, @Nullable Subscription value,
			List<ProducerRecord<byte[], byte[]>> alongside) {

		/** Writes nothing. */
		public static <T> Plan<T> keep(T result) {
			return new Plan<>(result, false, null, List.of());
		}

		/** Writes {@code value}, or deletes the subscription when null. */
		public static <T> Plan<T> write(T result, @Nullable Subscription value) {
			return new Plan<>(result, true, value, List.of());
		}

		/** The same plan, with more records committed with its write. */
		public Plan<T> with(List<ProducerRecord<byte[], byte[]>> records) {
			return new Plan<>(this.result, this.write, this.value, List.copyOf(records));
		}

	}

	/** One partition's producer, opened again after it was fenced. */
	private final class Lease {

		private final int partition;

		private @Nullable KafkaProducer<byte[], byte[]> producer;

		/** Whether the view has caught up since the producer took the lease. */
		private boolean synced;

		Lease(int partition) {
			this.partition = partition;
		}

		<T> T change(String id, Function<Optional<Subscription>, Plan<T>> decide) {
			KafkaProducer<byte[], byte[]> kafka = open();
			boolean fresh = !this.synced;
			if (fresh) {
				// every commit made before this lease was taken is now visible to a
				// read_committed reader; later ones are this writer's own, which the view
				// holds before each change returns, or another writer's, which fenced
				// this one and makes its commit fail
				sync();
			}
			Plan<T> plan;
			try {
				plan = decide.apply(SubscriptionWriter.this.view.get(id));
			}
			catch (RuntimeException refused) {
				if (fresh) {
					throw refused;
				}
				// a refusal is checked by no commit: the lease may have moved, so refuse
				// only what the latest state refuses
				sync();
				plan = decide.apply(SubscriptionWriter.this.view.get(id));
			}
			if (!plan.write() && !fresh) {
				// nor is a decision to write nothing: take it on the latest state
				sync();
				plan = decide.apply(SubscriptionWriter.this.view.get(id));
			}
			if (!plan.write()) {
				return plan.result();
			}
			byte[] key = SubscriptionWriter.this.topic.keySerde().serializer().serialize(topic.name(), id);
			byte[] value = SubscriptionWriter.this.topic.valueSerde()
				.serializer()
				.serialize(topic.name(), plan.value());
			kafka.beginTransaction();
			try {
				Future<RecordMetadata> written = kafka
					.send(new ProducerRecord<>(topic.name(), this.partition, key, value));
				plan.alongside().forEach(kafka::send);
				kafka.commitTransaction();
				RecordMetadata metadata = await(written, "acknowledge the change");
				await(SubscriptionWriter.this.view.awaitOffset(metadata.partition(), metadata.offset()),
						"apply the change");
				return plan.result();
			}
			catch (KafkaException ex) {
				if (!fenced(ex)) {
					abortQuietly(kafka);
				}
				throw ex;
			}
		}

		/** Waits until the view holds every record committed before this call. */
		private void sync() {
			await(SubscriptionWriter.this.view.sync(), "hold the latest subscriptions");
			this.synced = true;
		}

		private KafkaProducer<byte[], byte[]> open() {
			KafkaProducer<byte[], byte[]> kafka = this.producer;
			if (kafka == null) {
				kafka = producer(this.partition);
				try {
					kafka.initTransactions();
				}
				catch (RuntimeException ex) {
					kafka.close(Duration.ZERO);
					throw ex;
				}
				this.producer = kafka;
				this.synced = false;
			}
			return kafka;
		}

		private <R> R await(Future<R> future, String what) {
			try {
				return future.get(SubscriptionWriter.this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new InterruptException(ex);
			}
			catch (ExecutionException ex) {
				if (ex.getCause() instanceof KafkaException kafka) {
					throw kafka;
				}
				throw new KafkaException("the subscriptions writer could not " + what, ex.getCause());
			}
			catch (java.util.concurrent.TimeoutException ex) {
				throw new TimeoutException(
						"the subscriptions writer could not " + what + " within " + SubscriptionWriter.this.timeout,
						ex);
			}
		}

		private void abortQuietly(KafkaProducer<byte[], byte[]> kafka) {
			try {
				kafka.abortTransaction();
			}
			catch (RuntimeException ex) {
				log.debug("abort of a subscriptions transaction failed: {}", ex.toString());
			}
		}

		synchronized void close() {
			if (this.producer != null) {
				this.producer.close(Duration.ZERO);
				this.producer = null;
			}
		}

	}

}
