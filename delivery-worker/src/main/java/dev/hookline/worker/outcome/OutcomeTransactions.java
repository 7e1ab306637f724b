package dev.hookline.worker.outcome;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import dev.hookline.schemas.DaemonThreads;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Writes everything that follows the worker's attempts in Kafka transactions, together
 * with the offsets of the deliveries it finished, so that a hand-off to the next retry
 * tier (or to the dead-letter topic) and the commit of the record it came from happen
 * together or not at all.
 *
 * <p>
 * Without this, a worker that was killed after writing a hand-off and before committing
 * its source offset left the delivery twice in the tiers: once from its own write, once
 * from the next owner that read the record again. Each copy then went on through the
 * schedule on its own, so deliveries ended up in the dead-letter topic twice, or both
 * delivered and dead-lettered. Now an unfinished transaction is aborted (when the
 * producer is started again, or when it times out), and readers of every topic the worker
 * writes read committed records only.
 *
 * <p>
 * One thread owns the producer. Writes are queued to it ({@link #send}); it sends them
 * into the open transaction and, every {@code commitInterval}, commits the transaction
 * with the offsets that became committable meanwhile ({@link Scope#offsets()}) and the
 * consumer group's metadata, so that the broker fences a worker that lost its partitions
 * (a rebalance it did not see yet, a zombie): its transaction fails and nothing it wrote
 * is ever read. A write is refused once the worker no longer owns the delivery's
 * partition, so nothing of a delivery the worker gave up can reach a later transaction.
 *
 * <p>
 * When a transaction cannot be committed, it is aborted and the {@link Scope} told, which
 * reads every owned partition again from its committed offset: the deliveries whose
 * outcome was lost are sent again (at least once, same {@code webhook-id}). A commit that
 * times out is tried again until it succeeds or fails for good. A fenced producer is
 * replaced by a new one.
 */
public final class OutcomeTransactions implements RecordSink, AutoCloseable {

	/**
	 * Ends each warning after which deliveries this worker sent may be sent again (a
	 * transaction lost, a partition let go with deliveries still in flight), so that an
	 * operator can find what caused duplicates; the chaos run (bench) looks for it too.
	 */
	public static final String DUPLICATES_POSSIBLE = "[duplicates possible]";

	private static final Logger log = LoggerFactory.getLogger(OutcomeTransactions.class);

	private final Supplier<Producer<String, byte[]>> producers;

	private final ScheduledExecutorService loop;

	private volatile @Nullable Scope scope;

	// the fields below are the loop thread's

	private Producer<String, byte[]> producer;

	private boolean open;

	private Map<TopicPartition, OffsetAndMetadata> committed = Map.of();

	private volatile long transactions;

	private volatile long aborts;

	/**
	 * @param producers makes a transactional producer, not yet initialized; called again
	 * when one was fenced
	 * @param commitInterval how often the open transaction is committed
	 */
	public OutcomeTransactions(Supplier<Producer<String, byte[]>> producers, Duration commitInterval) {
		this.producers = producers;
		this.loop = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("hookline-worker-transactions"));
		this.producer = call(this::newProducer);
		this.loop.scheduleWithFixedDelay(this::commitOnSchedule, commitInterval.toMillis(), commitInterval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/** Binds the consumer side: where offsets come from, and what to do on an abort. */
	public void bind(Scope scope) {
		this.scope = scope;
	}

	/**
	 * Sends one record into the open transaction; completes once Kafka acknowledged it
	 * (it becomes visible when the transaction commits). Fails with
	 * {@link NotOwnedException} when {@code owned} says the worker gave up the delivery's
	 * partition.
	 */
	@Override
	public Mono<RecordMetadata> send(ProducerRecord<String, byte[]> record, BooleanSupplier owned) {
		return Mono.create((sink) -> this.loop.execute(() -> {
			if (!owned.getAsBoolean()) {
				sink.error(new NotOwnedException(record.topic()));
				return;
			}
			try {
				begin();
				this.producer.send(record, (metadata, ex) -> {
					if (ex == null) {
						sink.success(metadata);
					}
					else {
						sink.error(ex);
					}
				});
			}
			catch (KafkaException ex) {
				sink.error(ex);
				failed(ex);
			}
			catch (RuntimeException ex) {
				// a closed or misused producer: the write fails, the delivery is read
				// again
				sink.error(ex);
			}
		}));
	}

	/**
	 * Commits the open transaction with the offsets committable now, and waits for it;
	 * for a rebalance, before the partitions it takes away are given to another worker.
	 * @return whether it committed
	 */
	public boolean commitNow(Duration timeout) throws InterruptedException {
		CompletableFuture<Boolean> done = new CompletableFuture<>();
		this.loop.execute(() -> done.complete(commit()));
		try {
			return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | java.util.concurrent.TimeoutException ex) {
			log.warn("outcome transaction not committed within {}: {}", timeout, ex.toString());
			return false;
		}
	}

	/** Transactions committed since the start. */
	public long committedTransactions() {
		return this.transactions;
	}

	/** Transactions aborted since the start. */
	public long abortedTransactions() {
		return this.aborts;
	}

	private void begin() {
		if (!this.open) {
			this.producer.beginTransaction();
			this.open = true;
		}
	}

	/**
	 * The scheduled commit, which must never throw: a scheduled task that throws is never
	 * run again, and nothing would be committed any more.
	 */
	private void commitOnSchedule() {
		try {
			commit();
		}
		catch (RuntimeException ex) {
			log.error("outcome transaction commit failed unexpectedly; trying again at the next interval", ex);
		}
	}

	/** The commit cycle, on the loop thread. */
	private boolean commit() {
		Scope bound = this.scope;
		if (bound == null) {
			return false;
		}
		Map<TopicPartition, OffsetAndMetadata> offsets = changed(bound.offsets());
		if (!this.open && offsets.isEmpty()) {
			return true;
		}
		ConsumerGroupMetadata group = bound.groupMetadata();
		try {
			begin();
			if (!offsets.isEmpty() && group != null) {
				this.producer.sendOffsetsToTransaction(offsets, group);
			}
			commitTransaction();
			this.open = false;
			this.transactions++;
			Map<TopicPartition, OffsetAndMetadata> now = new HashMap<>(this.committed);
			now.putAll(offsets);
			this.committed = now;
			return true;
		}
		catch (KafkaException ex) {
			failed(ex);
			return false;
		}
	}

	/**
	 * The offsets that differ from the last committed ones; when none do but records were
	 * written, all of them, so that the broker checks the group's generation before it
	 * lets this transaction's records be read.
	 */
	private Map<TopicPartition, OffsetAndMetadata> changed(Map<TopicPartition, OffsetAndMetadata> offsets) {
		Map<TopicPartition, OffsetAndMetadata> changed = new HashMap<>();
		offsets.forEach((partition, offset) -> {
			if (!offset.equals(this.committed.get(partition))) {
				changed.put(partition, offset);
			}
		});
		return (changed.isEmpty() && this.open) ? offsets : changed;
	}

	/** A commit that timed out must be tried again; nothing may be sent meanwhile. */
	private void commitTransaction() {
		while (true) {
			try {
				this.producer.commitTransaction();
				return;
			}
			catch (TimeoutException ex) {
				log.warn("committing an outcome transaction timed out, trying again: {}", ex.toString());
				if (this.loop.isShutdown()) {
					throw ex;
				}
			}
		}
	}

	/**
	 * The open transaction cannot commit: abort it (or replace a fenced producer), and
	 * have every owned partition read again from its committed offset.
	 */
	private void failed(KafkaException ex) {
		boolean wasOpen = this.open;
		this.open = false;
		boolean fatal = fatal(ex);
		if (fatal) {
			log.error("outcome producer fenced or broken, replacing it; what was not committed is read again "
					+ DUPLICATES_POSSIBLE, ex);
			replaceProducer();
		}
		else if (wasOpen) {
			log.warn("outcome transaction aborted, what it held is read again " + DUPLICATES_POSSIBLE + ": {}",
					ex.toString());
			try {
				this.producer.abortTransaction();
			}
			catch (KafkaException abortFailed) {
				log.error("aborting failed, replacing the producer", abortFailed);
				replaceProducer();
			}
		}
		if (!wasOpen && !fatal) {
			return;
		}
		this.aborts++;
		this.committed = Map.of();
		Scope bound = this.scope;
		if (bound != null) {
			bound.aborted();
		}
	}

	private void replaceProducer() {
		closeQuietly(this.producer);
		this.producer = newProducer();
	}

	private static boolean fatal(KafkaException ex) {
		return ex instanceof ProducerFencedException || ex instanceof InvalidProducerEpochException
				|| ex instanceof OutOfOrderSequenceException || ex instanceof AuthorizationException
				|| ex instanceof UnsupportedVersionException;
	}

	private Producer<String, byte[]> newProducer() {
		Producer<String, byte[]> created = this.producers.get();
		// aborts whatever an earlier producer of the same transactional id left open
		created.initTransactions();
		return created;
	}

	private <T> T call(java.util.concurrent.Callable<T> task) {
		try {
			return this.loop.submit(task).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while starting the outcome producer", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("cannot start the outcome producer", ex.getCause());
		}
	}

	private static void closeQuietly(Producer<String, byte[]> producer) {
		try {
			producer.close(Duration.ZERO);
		}
		catch (RuntimeException ex) {
			log.debug("closing a broken producer", ex);
		}
	}

	/** Commits what is open, then stops the loop and closes the producer. */
	@Override
	public void close() {
		try {
			this.loop.submit(() -> {
				if (this.open) {
					commit();
				}
				this.producer.close(Duration.ofSeconds(5));
			}).get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | java.util.concurrent.TimeoutException ex) {
			log.warn("outcome producer not closed cleanly: {}", ex.toString());
		}
		this.loop.shutdownNow();
	}

	/**
	 * The consumer side of the transactions: the offsets to commit with them, the group
	 * metadata that fences them, and what happens when one is aborted.
	 */
	public interface Scope {

		/**
		 * The next offset to commit of every partition owned now: the one after its last
		 * delivery whose outcome is durable.
		 */
		Map<TopicPartition, OffsetAndMetadata> offsets();

		/**
		 * The consumer group metadata as the consumer last knew it; null before it had.
		 */
		@Nullable ConsumerGroupMetadata groupMetadata();

		/**
		 * A transaction was aborted: nothing written since the last commit counts, so
		 * every owned partition must be read again from its committed offset, and nothing
		 * of the deliveries in flight may be written any more.
		 */
		void aborted();

	}

	/** A write refused because the worker no longer owns the delivery's partition. */
	public static final class NotOwnedException extends KafkaException {

		private static final long serialVersionUID = 1L;

		NotOwnedException(String topic) {
			super("not written to " + topic + ": the delivery's partition is no longer this worker's");
		}

	}

}
