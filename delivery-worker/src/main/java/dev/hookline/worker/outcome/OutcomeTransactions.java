package dev.hookline.worker.outcome;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import dev.hookline.schemas.DaemonThreads;
import org.apache.kafka.clients.consumer.CommitFailedException;
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
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

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
 * A rebalance moves the group to a new generation while the consumer thread is still
 * polling; a commit sent meanwhile carries the generation before, and the broker refuses
 * it ("consumer group metadata mismatch"). Nothing is wrong with what that transaction
 * holds, only with the generation it was to be checked against, so its records are kept:
 * it is aborted, and once the consumer has seen the new generation (its rebalance
 * callbacks record it), the records of the partitions the worker still owns are sent
 * again into the next transaction and committed with that generation. No delivery is sent
 * again for it. Should the consumer not see a new generation within
 * {@code regroupPatience}, the records are given up as below.
 *
 * <p>
 * When a transaction cannot be committed otherwise, it is aborted and the {@link Scope}
 * told, which reads every owned partition again from its committed offset: the deliveries
 * whose outcome was lost are sent again (at least once, same {@code webhook-id}). A
 * commit that times out is tried again until it succeeds or fails for good. A fenced
 * producer is replaced by a new one.
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

	/** What the open transaction holds. */
	private List<Written> written = new ArrayList<>();

	/**
	 * What transactions refused for an old generation held, to send again once the
	 * consumer has seen the new one.
	 */
	private List<Written> held = new ArrayList<>();

	/** The group metadata the first refused commit carried; null when nothing is held. */
	private @Nullable ConsumerGroupMetadata refusedWith;

	private long heldSince;

	private Map<TopicPartition, OffsetAndMetadata> committed = Map.of();

	private final long regroupPatienceNanos;

	private volatile long transactions;

	private volatile long aborts;

	private volatile long retried;

	/**
	 * @param producers makes a transactional producer, not yet initialized; called again
	 * when one was fenced
	 * @param commitInterval how often the open transaction is committed
	 * @param regroupPatience how long the records of a transaction refused for an old
	 * generation wait for the consumer to see the new one; shorter than the transaction
	 * timeout, since the transaction opened meanwhile cannot commit either
	 */
	public OutcomeTransactions(Supplier<Producer<String, byte[]>> producers, Duration commitInterval,
			Duration regroupPatience) {
		this.producers = producers;
		this.regroupPatienceNanos = regroupPatience.toNanos();
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
			Written write = new Written(record, owned, sink);
			boolean inTransaction = false;
			try {
				begin();
				this.written.add(write);
				inTransaction = true;
				this.producer.send(record, write::acknowledged);
			}
			catch (KafkaException ex) {
				if (inTransaction && refusedForItsGeneration(ex)) {
					// the open transaction was refused for an old generation: the write
					// goes into the next one with the rest, at the commit that finds out
					return;
				}
				write.fail(ex);
				failed(ex, null);
			}
			catch (RuntimeException ex) {
				// a closed or misused producer: the write fails, the delivery is read
				// again
				write.fail(ex);
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

	/**
	 * Transactions aborted since the start whose records were lost: their partitions were
	 * read again.
	 */
	public long abortedTransactions() {
		return this.aborts;
	}

	/**
	 * Transactions refused for an old group generation since the start, whose records
	 * were sent again in a later transaction.
	 */
	public long retriedTransactions() {
		return this.retried;
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
		ConsumerGroupMetadata group = bound.groupMetadata();
		if (this.refusedWith != null && !sendHeldAgain(group)) {
			return false;
		}
		Map<TopicPartition, OffsetAndMetadata> offsets = changed(bound.offsets());
		if (!this.open && offsets.isEmpty()) {
			return true;
		}
		try {
			begin();
			if (!offsets.isEmpty() && group != null) {
				this.producer.sendOffsetsToTransaction(offsets, group);
			}
			commitTransaction();
			this.open = false;
			this.written = new ArrayList<>();
			this.transactions++;
			Map<TopicPartition, OffsetAndMetadata> now = new HashMap<>(this.committed);
			now.putAll(offsets);
			this.committed = now;
			return true;
		}
		catch (KafkaException ex) {
			failed(ex, group);
			return false;
		}
	}

	/**
	 * Sends what refused transactions held into the open one, for the partitions still
	 * owned, once the consumer has seen a generation other than the refused one.
	 * @return whether it did, and the commit may go on
	 */
	private boolean sendHeldAgain(@Nullable ConsumerGroupMetadata group) {
		ConsumerGroupMetadata refused = this.refusedWith;
		if (group == null || refused == null
				|| (group.generationId() == refused.generationId() && group.memberId().equals(refused.memberId()))) {
			if (System.nanoTime() - this.heldSince > this.regroupPatienceNanos) {
				failed(new KafkaException("the consumer saw no group generation after " + describe(refused) + " within "
						+ Duration.ofNanos(this.regroupPatienceNanos)), null);
			}
			return false;
		}
		List<Written> again = this.held;
		this.held = new ArrayList<>();
		this.refusedWith = null;
		List<Written> owned = new ArrayList<>();
		for (Written write : again) {
			if (write.failed()) {
				continue;
			}
			if (write.owned.getAsBoolean()) {
				owned.add(write);
			}
			else {
				write.fail(new NotOwnedException(write.record.topic()));
			}
		}
		this.written.addAll(owned);
		try {
			if (!owned.isEmpty()) {
				begin();
			}
			owned.forEach((write) -> this.producer.send(write.record, write::acknowledged));
			return true;
		}
		catch (KafkaException ex) {
			failed(ex, null);
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
	 * The open transaction cannot commit. Refused for an old generation ({@code group}
	 * being the metadata it carried): abort it and hold its records for the next
	 * generation. Otherwise: abort it (or replace a fenced producer), fail every write
	 * not acknowledged, and have every owned partition read again from its committed
	 * offset.
	 */
	private void failed(KafkaException ex, @Nullable ConsumerGroupMetadata group) {
		boolean wasOpen = this.open;
		this.open = false;
		boolean fatal = fatal(ex);
		if (fatal) {
			log.error("outcome producer fenced or broken, replacing it; what was not committed is read again "
					+ DUPLICATES_POSSIBLE, ex);
			replaceProducer();
		}
		else if (wasOpen) {
			if (group != null && refusedForItsGeneration(ex) && abort()) {
				hold(group);
				return;
			}
			log.warn("outcome transaction aborted, what it held is read again " + DUPLICATES_POSSIBLE + ": {}",
					ex.toString());
			abort();
		}
		else if (this.held.isEmpty()) {
			return;
		}
		else {
			log.warn("the records of outcome transactions refused for an old group generation are given up, "
					+ "what they held is read again " + DUPLICATES_POSSIBLE + ": {}", ex.toString());
		}
		this.aborts++;
		this.committed = Map.of();
		TransactionAbortedException lost = new TransactionAbortedException("the outcome transaction was aborted");
		this.written.forEach((write) -> write.fail(lost));
		this.held.forEach((write) -> write.fail(lost));
		this.written = new ArrayList<>();
		this.held = new ArrayList<>();
		this.refusedWith = null;
		Scope bound = this.scope;
		if (bound != null) {
			bound.aborted();
		}
	}

	/**
	 * Keeps what the aborted transaction held, to send again once the consumer has seen
	 * another generation than {@code group}.
	 */
	private void hold(ConsumerGroupMetadata group) {
		this.retried++;
		if (this.refusedWith == null) {
			this.refusedWith = group;
			this.heldSince = System.nanoTime();
		}
		log.info("outcome transaction refused for group generation {} (a rebalance); its {} records are sent again "
				+ "with the next generation", describe(group), this.written.size());
		// a write failed for another reason was told so: its writer tries again, or not
		this.written.stream().filter((write) -> !write.failed()).forEach(this.held::add);
		this.written = new ArrayList<>();
	}

	/** Aborts the open transaction; replaces the producer when that fails. */
	private boolean abort() {
		try {
			this.producer.abortTransaction();
			return true;
		}
		catch (KafkaException abortFailed) {
			log.error("aborting failed, replacing the producer", abortFailed);
			replaceProducer();
			return false;
		}
	}

	/**
	 * Whether the broker refused the transaction's offsets because the group moved to
	 * another generation, or no longer knows the member, since the consumer last saw it.
	 */
	private static boolean refusedForItsGeneration(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof CommitFailedException) {
				return true;
			}
		}
		return false;
	}

	private static String describe(@Nullable ConsumerGroupMetadata group) {
		return (group != null) ? group.generationId() + " (member " + group.memberId() + ")" : "none";
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

	/**
	 * A record sent into a transaction, kept until that commits so it can be sent again;
	 * its sink completes once, when a transaction acknowledges it or when it is given up.
	 */
	private static final class Written {

		final ProducerRecord<String, byte[]> record;

		final BooleanSupplier owned;

		private final MonoSink<RecordMetadata> sink;

		private final AtomicBoolean settled = new AtomicBoolean();

		private volatile boolean failed;

		Written(ProducerRecord<String, byte[]> record, BooleanSupplier owned, MonoSink<RecordMetadata> sink) {
			this.record = record;
			this.owned = owned;
			this.sink = sink;
		}

		/**
		 * The producer's callback. A record aborted with its transaction, or failed with
		 * the refusal of its transaction's offsets (the producer fails what it had not
		 * sent yet with the transaction's error), is settled by whoever aborted the
		 * transaction: sent again, or failed.
		 */
		void acknowledged(@Nullable RecordMetadata metadata, @Nullable Exception ex) {
			if (ex == null) {
				if (this.settled.compareAndSet(false, true)) {
					this.sink.success(metadata);
				}
			}
			else if (!(ex instanceof TransactionAbortedException) && !refusedForItsGeneration(ex)) {
				fail(ex);
			}
		}

		void fail(Throwable ex) {
			if (this.settled.compareAndSet(false, true)) {
				this.failed = true;
				this.sink.error(ex);
			}
		}

		/** Whether its writer was told it failed: it is not sent again here. */
		boolean failed() {
			return this.failed;
		}

	}

	/** A write refused because the worker no longer owns the delivery's partition. */
	public static final class NotOwnedException extends KafkaException {

		private static final long serialVersionUID = 1L;

		NotOwnedException(String topic) {
			super("not written to " + topic + ": the delivery's partition is no longer this worker's");
		}

	}

}
