package dev.hookline.worker.intake;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.TraceHops;
import dev.hookline.worker.delivery.DeliveryProcessor;
import dev.hookline.worker.outcome.Origin;
import dev.hookline.worker.outcome.OutcomeTransactions;
import dev.hookline.worker.outcome.Quarantine;
import dev.hookline.worker.ratelimit.RateLimits;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.kafka.listener.AcknowledgingConsumerAwareMessageListener;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.support.Acknowledgment;

/**
 * The listener of the deliveries topic and the retry tiers: starts each due delivery's
 * attempt and returns at once, and has offsets committed in order, only up to deliveries
 * whose attempt, and whatever followed it, Kafka has acknowledged.
 *
 * <h2>Due times</h2> A record whose due time is still ahead (a delivery waiting in a
 * retry tier) is not processed: {@link ParkedPartitions} seeks back to it, pauses its
 * partition and resumes it at the due time, with no thread waiting and no polling in
 * between. It is never committable before it has been processed, so commits never pass
 * it. A record due within {@code hookline.worker.due-lookahead} waits in memory instead,
 * for a timer to start it at its due time, uncommitted and counted in flight meanwhile:
 * parking would fetch the partition again for every record of a busy tier.
 *
 * <h2>Commits: in the worker's outcome transactions</h2> The container never commits
 * offsets itself ({@code AckMode.MANUAL}, and nothing is acknowledged to it): offsets are
 * committed in the same Kafka transactions as the records that follow the attempts
 * ({@link OutcomeTransactions}), so a hand-off to the next retry tier and the commit of
 * the record it came from happen together or not at all. This listener is their
 * {@link OutcomeTransactions.Scope}: {@link PartitionProgress} tells, per partition, the
 * offset after the last record whose outcome, and that of every record before it, is
 * durable, so the committed offset never passes a delivery still in flight. Many
 * deliveries per partition are in flight at once, and a slow one holds back only the
 * commit of its own partition. (spring-kafka's {@code asyncAcks} would defer out-of-order
 * acknowledgments too, but it pauses the whole consumer until every record of the
 * previous poll is acknowledged: one endpoint hanging until the 15 s timeout would stop
 * intake from every partition.)
 *
 * <h2>Aborted transactions</h2> When a transaction cannot be committed (it failed, or its
 * records were given up after the broker refused it for a generation this worker had not
 * seen yet: {@link OutcomeTransactions}), nothing it wrote is ever read, and nothing of
 * it may count: every partition's progress is retired at once, so no delivery in flight
 * writes or commits anything more, and the consumer thread then seeks every owned
 * partition back to its committed offset and reads it again, skipping what is left of the
 * poll it was in. Those deliveries are sent again (at least once, same
 * {@code webhook-id}).
 *
 * <h2>Backpressure</h2> {@link InFlightLimiter} pauses the container at
 * {@code hookline.worker.max-in-flight} deliveries (those waiting for their
 * subscription's rate limit or their endpoint's concurrency cap included), or at
 * {@code hookline.worker.max-in-flight-bytes} of their records, and resumes it at three
 * quarters; {@link PartitionProgress} pauses a single partition when too many of its
 * records wait behind a slow one; {@link ThrottledPartitions} holds back a single
 * partition at a record whose subscription already has as many deliveries waiting for its
 * rate limit, or for a free slot under its endpoint's concurrency cap, as it may, so that
 * one limited or slow subscription's backlog stays in Kafka rather than taking every
 * permit ({@link PartitionPauses} keeps these pauses and a parked partition's apart). All
 * of them only request a pause, which the consumer thread applies before its next poll:
 * the consumer thread never blocks on a permit, and permits are released by the threads
 * completing the deliveries, so there is nothing to deadlock on. Held memory is bounded
 * by the in-flight deliveries plus a few bytes per uncommitted record.
 *
 * <h2>Rebalances and shutdown</h2> Before a revoked partition is let go (spring-kafka's
 * {@code onPartitionsRevokedBeforeCommit}, also on shutdown), the consumer thread waits
 * up to {@code hookline.worker.drain-timeout} for that partition's deliveries in flight
 * to become durable, then commits the open transaction with their offsets. Then the
 * partition's progress is retired, so a delivery finishing later writes and commits
 * nothing: its record is sent again by the next owner, with the same {@code webhook-id}
 * (at-least-once). Lost partitions are retired at once, without waiting. Revoked, lost
 * and newly assigned partitions are also unparked, their holds dropped, and explicitly
 * resumed, so a paused partition's head record is judged afresh by its next owner.
 */
final class DeliveryIntake implements AcknowledgingConsumerAwareMessageListener<byte[], byte[]>,
		ConsumerAwareRebalanceListener, OutcomeTransactions.Scope {

	private static final Logger log = LoggerFactory.getLogger(DeliveryIntake.class);

	/**
	 * How often an idle consumer looks for a partition to read again after an aborted
	 * transaction.
	 */
	static final Duration IDLE_CHECK_INTERVAL = Duration.ofSeconds(1);

	private final DeliveryProcessor processor;

	private final Deserializer<Delivery> deserializer;

	private final InFlightLimiter limiter;

	private final FlowControl backlog;

	private final ParkedPartitions parked;

	private final ThrottledPartitions throttled;

	private final int maxUncommittedPerPartition;

	private final Duration drainTimeout;

	private final OutcomeTransactions transactions;

	private final Quarantine quarantine;

	private final RateLimits rateLimits;

	private final Map<TopicPartition, PartitionProgress> partitions = new ConcurrentHashMap<>();

	/** The consumer's group metadata as of its last rebalance. */
	private volatile @Nullable ConsumerGroupMetadata group;

	/**
	 * Set when a transaction aborted, until the consumer thread read everything again.
	 */
	private volatile boolean rereadRequested;

	/**
	 * Partitions sought back to their committed offset after an abort, until the consumer
	 * fetched them again: what the poll that was going on still hands over is skipped.
	 * Consumer thread only.
	 */
	private final Map<TopicPartition, Long> sought = new HashMap<>();

	/**
	 * Records beyond each partition's committed offset whose outcome an earlier reader
	 * made durable, from the offset's metadata, until the consumer passed them. Consumer
	 * thread only.
	 */
	private final Map<TopicPartition, DoneAhead> doneAhead = new HashMap<>();

	DeliveryIntake(DeliveryProcessor processor, Deserializer<Delivery> deserializer, InFlightLimiter limiter,
			PartitionPauses pauses, ParkedPartitions parked, ThrottledPartitions throttled,
			int maxUncommittedPerPartition, Duration drainTimeout, OutcomeTransactions transactions,
			Quarantine quarantine, RateLimits rateLimits) {
		this.processor = processor;
		this.deserializer = deserializer;
		this.limiter = limiter;
		this.backlog = pauses.forBacklog();
		this.parked = parked;
		this.throttled = throttled;
		this.maxUncommittedPerPartition = maxUncommittedPerPartition;
		this.drainTimeout = drainTimeout;
		this.transactions = transactions;
		this.quarantine = quarantine;
		this.rateLimits = rateLimits;
		transactions.bind(this);
	}

	@Override
	public void onMessage(ConsumerRecord<byte[], byte[]> record, @Nullable Acknowledgment acknowledgment,
			@Nullable Consumer<?, ?> consumer) {
		Consumer<?, ?> polling = Objects.requireNonNull(consumer, "the listener is consumer aware");
		rereadIfRequested(polling);
		TopicPartition partition = new TopicPartition(record.topic(), record.partition());
		if (soughtBack(partition, polling) || this.parked.holdsBack(partition, record.offset(), polling)
				|| this.throttled.holdsBack(partition, record.offset(), polling)
				|| alreadyDone(partition, record.offset())) {
			return;
		}
		Delivery delivery;
		try {
			delivery = decode(record);
		}
		catch (SerializationException ex) {
			quarantine(record, partition, ex);
			return;
		}
		Duration early = this.parked.waitOrPark(partition, record.offset(), delivery.getDueAt(), polling);
		if (early == null) {
			return;
		}
		if (this.throttled.holdIfFull(partition, record.offset(), delivery.getSubscriptionId(), polling)) {
			endWait(early);
			return;
		}
		PartitionProgress progress = progress(partition, record.offset());
		long sequence = progress.begin(record.offset());
		int size = Math.max(0, record.serializedValueSize());
		this.limiter.acquire(size);
		Origin origin = new Origin(partition, record.offset(), progress::isActive, progress::mayStart,
				TraceHops.read(record.headers()));
		Mono<Void> attempt = Mono.defer(() -> this.processor.process(delivery, origin));
		if (!early.isZero()) {
			// due soon: a timer starts it; should the partition be revoked or lost
			// meanwhile, it is left unsent and uncommitted, for the next owner
			Duration wait = early;
			attempt = Mono.delay(wait)
				.doFinally((signal) -> endWait(wait))
				.then(Mono.defer(() -> this.processor.process(delivery, origin)));
		}
		attempt.doOnSuccess((done) -> progress.complete(sequence))
			.doOnError((ex) -> notRecorded("attempt of delivery " + delivery.getDeliveryId(), progress, sequence, ex))
			.doFinally((signal) -> this.limiter.release(size))
			.onErrorComplete()
			.subscribe();
	}

	/**
	 * Whether an earlier reader of the partition made this record's outcome durable, as
	 * its committed offset's metadata says: it then counts as done at once.
	 */
	private boolean alreadyDone(TopicPartition partition, long offset) {
		DoneAhead done = this.doneAhead.get(partition);
		if (done == null) {
			return false;
		}
		if (offset > done.last()) {
			this.doneAhead.remove(partition);
			return false;
		}
		if (!done.contains(offset)) {
			return false;
		}
		PartitionProgress progress = progress(partition, offset);
		progress.complete(progress.begin(offset));
		return true;
	}

	private PartitionProgress progress(TopicPartition partition, long offset) {
		return this.partitions.computeIfAbsent(partition, (unknown) -> newProgress(unknown, offset));
	}

	/**
	 * A record no known schema decodes goes to the quarantine topic in the outcome
	 * transactions, and its offset counts as done once the entry is durable.
	 */
	private void quarantine(ConsumerRecord<byte[], byte[]> record, TopicPartition partition,
			SerializationException error) {
		PartitionProgress progress = progress(partition, record.offset());
		long sequence = progress.begin(record.offset());
		Origin origin = new Origin(partition, record.offset(), progress::isActive, progress::mayStart);
		this.quarantine.undecodable(record, error, origin)
			.doOnSuccess((done) -> progress.complete(sequence))
			.doOnError((ex) -> notRecorded("quarantine entry of " + partition + "@" + record.offset(), progress,
					sequence, ex))
			.onErrorComplete()
			.subscribe();
	}

	private static void notRecorded(String what, PartitionProgress progress, long sequence, Throwable ex) {
		if (ex instanceof DeliveryProcessor.Released) {
			progress.abandon(sequence);
		}
		else if (ex instanceof OutcomeTransactions.NotOwnedException) {
			log.debug("{} not recorded: {} is read again", what, progress.partition());
		}
		else {
			log.error("{} not recorded; {} stays uncommitted and is read again", what, progress.partition(), ex);
		}
	}

	@Override
	public Map<TopicPartition, OffsetAndMetadata> offsets() {
		Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
		this.partitions.forEach((partition, progress) -> {
			OffsetAndMetadata next = progress.toCommit();
			if (next != null) {
				offsets.put(partition, next);
			}
		});
		return offsets;
	}

	@Override
	public @Nullable ConsumerGroupMetadata groupMetadata() {
		return this.group;
	}

	/**
	 * Retires every partition's progress at once, so nothing in flight writes or commits
	 * anything more, and has the consumer thread read every partition again.
	 */
	@Override
	public void aborted() {
		this.partitions.values().forEach(PartitionProgress::retire);
		this.processor.outcomesAborted();
		this.rereadRequested = true;
	}

	/**
	 * After an abort, on the consumer thread: seeks every owned partition back to its
	 * committed offset with a fresh progress. Called from the listener, and from the
	 * container's idle events when no record arrives.
	 */
	void rereadIfRequested(Consumer<?, ?> consumer) {
		if (!this.rereadRequested) {
			return;
		}
		this.rereadRequested = false;
		Set<TopicPartition> assigned = consumer.assignment();
		Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
		Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(assigned);
		for (TopicPartition partition : assigned) {
			OffsetAndMetadata at = committed.get(partition);
			long offset = (at != null) ? at.offset() : beginnings.getOrDefault(partition, 0L);
			rememberDoneAhead(partition, at, offset);
			consumer.seek(partition, offset);
			this.sought.put(partition, offset);
			PartitionProgress stale = this.partitions.put(partition, newProgress(partition, offset));
			if (stale != null) {
				stale.retire();
			}
		}
		this.parked.reset(assigned);
		this.throttled.reset(assigned);
		log.warn("read {} partitions again from their committed offsets after an aborted transaction", assigned.size());
	}

	/**
	 * Whether a record is left over from the poll that was going on when its partition
	 * was sought back: the position stays at the sought offset until the partition is
	 * fetched again.
	 */
	private boolean soughtBack(TopicPartition partition, Consumer<?, ?> consumer) {
		Long offset = this.sought.get(partition);
		if (offset == null) {
			return false;
		}
		if (consumer.position(partition) <= offset) {
			return true;
		}
		this.sought.remove(partition);
		return false;
	}

	private void endWait(Duration early) {
		if (!early.isZero()) {
			this.parked.waitEnded();
		}
	}

	/**
	 * @throws SerializationException if no known schema decodes the value, or there is
	 * none (a tombstone is no delivery)
	 */
	private Delivery decode(ConsumerRecord<byte[], byte[]> record) {
		Delivery delivery = this.deserializer.deserialize(record.topic(), record.value());
		if (delivery == null) {
			throw new SerializationException("a record without a value (a tombstone) is not a delivery");
		}
		return delivery;
	}

	/**
	 * Each newly assigned partition starts at its committed offset (the consumer's
	 * position). In the cooperative protocol this runs after every rebalance, so the
	 * group metadata the transactions are fenced with is the one of the latest
	 * generation. Partitions that came from another worker may have had their rate
	 * limits' bursts spent there a moment ago, so the rate limits start over empty.
	 */
	@Override
	public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> assigned) {
		this.group = consumer.groupMetadata();
		if (!assigned.isEmpty()) {
			this.rateLimits.ownersChanged();
		}
		Map<TopicPartition, OffsetAndMetadata> committed = assigned.isEmpty() ? Map.of()
				: consumer.committed(new HashSet<>(assigned));
		for (TopicPartition partition : assigned) {
			this.sought.remove(partition);
			long position = consumer.position(partition);
			rememberDoneAhead(partition, committed.get(partition), position);
			PartitionProgress stale = this.partitions.put(partition, newProgress(partition, position));
			if (stale != null) {
				stale.retire();
			}
		}
		this.parked.reset(assigned);
		this.throttled.reset(assigned);
	}

	/**
	 * Keeps what the committed offset's metadata says was done beyond it, when reading
	 * starts there.
	 */
	private void rememberDoneAhead(TopicPartition partition, @Nullable OffsetAndMetadata committed, long start) {
		DoneAhead done = (committed != null && committed.offset() == start) ? DoneAhead.read(committed)
				: DoneAhead.NONE;
		if (done.isEmpty()) {
			this.doneAhead.remove(partition);
		}
		else {
			this.doneAhead.put(partition, done);
			log.info("{}: records up to offset {} done by its previous reader are not sent again", partition,
					done.last());
		}
	}

	@Override
	public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
		this.group = consumer.groupMetadata();
		long deadline = System.nanoTime() + this.drainTimeout.toNanos();
		// requests already sent finish; none starts any more, so none overlaps the next
		// owner's
		revoked.stream().map(this.partitions::get).filter(Objects::nonNull).forEach(PartitionProgress::stopStarting);
		for (TopicPartition partition : revoked) {
			PartitionProgress progress = this.partitions.get(partition);
			if (progress == null) {
				continue;
			}
			if (!drain(progress, deadline)) {
				log.warn(
						"{} deliveries of {} still in flight after {}; the next owner sends them again "
								+ OutcomeTransactions.DUPLICATES_POSSIBLE,
						progress.uncommitted(), partition, this.drainTimeout);
			}
			else {
				// behind a delivery given up before its request (waiting for its due
				// time, its rate limit or an endpoint slot) the offset cannot move; the
				// offset's metadata carries what was sent behind it, up to a length
				long notCarried = progress.doneNotCarried();
				if (notCarried > 0) {
					log.warn("{} deliveries of {} were sent behind one that was not, more than the committed "
							+ "offset's metadata carries; the next owner sends them again "
							+ OutcomeTransactions.DUPLICATES_POSSIBLE, notCarried, partition);
				}
			}
		}
		commitBeforeLettingGo(revoked);
		retire(revoked);
	}

	@Override
	public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> lost) {
		if (!lost.isEmpty()) {
			log.warn("lost {} partitions (this worker was taken out of its group); their next owners send what "
					+ "was not committed again " + OutcomeTransactions.DUPLICATES_POSSIBLE, lost.size());
		}
		retire(lost);
	}

	private void commitBeforeLettingGo(Collection<TopicPartition> revoked) {
		if (revoked.isEmpty()) {
			return;
		}
		try {
			if (!this.transactions.commitNow(this.drainTimeout)) {
				log.warn(
						"the outcomes of {} partitions were not committed before letting them go; the next owner "
								+ "reads their last deliveries again " + OutcomeTransactions.DUPLICATES_POSSIBLE,
						revoked.size());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private boolean drain(PartitionProgress progress, long deadline) {
		try {
			return progress.awaitDrained(deadline);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void retire(Collection<TopicPartition> partitions) {
		for (TopicPartition partition : partitions) {
			this.sought.remove(partition);
			this.doneAhead.remove(partition);
			PartitionProgress progress = this.partitions.remove(partition);
			if (progress != null) {
				progress.retire();
			}
		}
		this.parked.reset(partitions);
		this.throttled.reset(partitions);
		this.processor.partitionsReleased(partitions);
	}

	/**
	 * A partition's progress from {@code startOffset}, carrying on what its committed
	 * offset's metadata said was done beyond it, should it be committed before the
	 * consumer reached those records.
	 */
	private PartitionProgress newProgress(TopicPartition partition, long startOffset) {
		return new PartitionProgress(partition, startOffset, this.maxUncommittedPerPartition, this.backlog,
				this.doneAhead.getOrDefault(partition, DoneAhead.NONE));
	}

}
