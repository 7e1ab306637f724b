package dev.hookline.worker.intake;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import dev.hookline.schemas.Delivery;
import dev.hookline.worker.delivery.DeliveryProcessor;
import dev.hookline.worker.outcome.Origin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
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
 * attempt and returns at once, and acknowledges offsets in order, only up to deliveries
 * whose attempt, and whatever followed it, Kafka has acknowledged.
 *
 * <h2>Due times</h2> A record whose due time is still ahead (a delivery waiting in a
 * retry tier) is not processed: {@link ParkedPartitions} seeks back to it, pauses its
 * partition and resumes it at the due time, with no thread waiting and no polling in
 * between. It is never acknowledged before it has been processed, so commits never pass
 * it. A record due within {@code hookline.worker.due-lookahead} waits in memory instead,
 * for a timer to start it at its due time, uncommitted and counted in flight meanwhile:
 * parking would fetch the partition again for every record of a busy tier.
 *
 * <h2>Why not spring-kafka's {@code asyncAcks}</h2> With
 * {@code ContainerProperties.setAsyncAcks(true)} spring-kafka 4.1 does defer out-of-order
 * acknowledgments until the gaps fill, but it also pauses the whole consumer until every
 * record of the previous poll is acknowledged ({@code doPauseConsumerIfNecessary} in
 * {@code KafkaMessageListenerContainer}). One endpoint that hangs until the 15 s timeout
 * would then stop intake from every partition of that consumer, and at most one poll's
 * records would ever be in flight. A late acknowledgment for a partition revoked in a
 * rebalance also fails there ({@code "Unexpected ack"}).
 *
 * <h2>What is used instead</h2> The container runs with {@code AckMode.MANUAL} and
 * {@code asyncAcks=false}: acknowledgments made on other threads are queued and committed
 * by the consumer thread at its next poll (at most {@code pollTimeout}, 1 s, later), and
 * the container commits the highest acknowledged offset. {@link PartitionProgress} makes
 * that safe: per partition it acknowledges only the last record of the completed run
 * behind the oldest record still in flight, so acknowledgments arrive in offset order and
 * never pass an undelivered record. Many deliveries per partition are in flight at once,
 * and a slow one holds back only the commit of its own partition.
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
 * <h2>Rebalances and shutdown</h2> Before a revoked partition's offsets are committed
 * (spring-kafka's {@code onPartitionsRevokedBeforeCommit}, also on shutdown), the
 * consumer thread waits up to {@code hookline.worker.drain-timeout} for that partition's
 * deliveries in flight to become durable; their acknowledgments are committed right
 * after. Then the partition's progress is retired, so a delivery finishing later
 * acknowledges nothing: its record is sent again by the next owner, with the same
 * {@code webhook-id} (at-least-once). Lost partitions are retired at once, without
 * waiting. Revoked, lost and newly assigned partitions are also unparked, their holds
 * dropped, and explicitly resumed, so a paused partition's head record is judged afresh
 * by its next owner.
 */
final class DeliveryIntake
		implements AcknowledgingConsumerAwareMessageListener<String, byte[]>, ConsumerAwareRebalanceListener {

	private static final Logger log = LoggerFactory.getLogger(DeliveryIntake.class);

	/** How often failed commits are made again, and how long each try may take. */
	static final Duration COMMIT_RETRY_INTERVAL = Duration.ofSeconds(1);

	private final DeliveryProcessor processor;

	private final Deserializer<Delivery> deserializer;

	private final InFlightLimiter limiter;

	private final FlowControl backlog;

	private final ParkedPartitions parked;

	private final ThrottledPartitions throttled;

	private final int maxUncommittedPerPartition;

	private final Duration drainTimeout;

	private final Map<TopicPartition, PartitionProgress> partitions = new ConcurrentHashMap<>();

	/** Whether a commit may have failed since the last successful retry. */
	private volatile boolean commitsUnconfirmed;

	/** Consumer thread only. */
	private long nextCommitRetryNanos;

	DeliveryIntake(DeliveryProcessor processor, Deserializer<Delivery> deserializer, InFlightLimiter limiter,
			PartitionPauses pauses, ParkedPartitions parked, ThrottledPartitions throttled,
			int maxUncommittedPerPartition, Duration drainTimeout) {
		this.processor = processor;
		this.deserializer = deserializer;
		this.limiter = limiter;
		this.backlog = pauses.forBacklog();
		this.parked = parked;
		this.throttled = throttled;
		this.maxUncommittedPerPartition = maxUncommittedPerPartition;
		this.drainTimeout = drainTimeout;
	}

	@Override
	public void onMessage(ConsumerRecord<String, byte[]> record, @Nullable Acknowledgment acknowledgment,
			@Nullable Consumer<?, ?> consumer) {
		Consumer<?, ?> polling = Objects.requireNonNull(consumer, "the listener is consumer aware");
		retryCommits(polling);
		TopicPartition partition = new TopicPartition(record.topic(), record.partition());
		if (this.parked.holdsBack(partition, record.offset(), polling)
				|| this.throttled.holdsBack(partition, record.offset(), polling)) {
			return;
		}
		Delivery delivery = decode(record);
		Duration early = Duration.ZERO;
		if (delivery != null) {
			early = this.parked.waitOrPark(partition, record.offset(), delivery.getDueAt(), polling);
			if (early == null) {
				return;
			}
			if (this.throttled.holdIfFull(partition, record.offset(), delivery.getSubscriptionId(), polling)) {
				endWait(early);
				return;
			}
		}
		PartitionProgress progress = this.partitions.computeIfAbsent(partition, this::newProgress);
		long sequence = progress.begin(Objects.requireNonNull(acknowledgment, "the container acks manually"),
				record.offset());
		if (delivery == null) {
			progress.complete(sequence);
			return;
		}
		int size = Math.max(0, record.serializedValueSize());
		this.limiter.acquire(size);
		Origin origin = new Origin(partition, progress::isActive);
		Mono<Void> attempt = Mono.defer(() -> this.processor.process(delivery, origin));
		if (!early.isZero()) {
			// due soon: a timer starts it, unless the partition was lost meanwhile (then
			// it stays uncommitted, for the next owner)
			Duration wait = early;
			attempt = Mono.delay(wait)
				.doFinally((signal) -> endWait(wait))
				.then(Mono.defer(() -> progress.isActive() ? this.processor.process(delivery, origin) : Mono.empty()));
		}
		attempt.doOnSuccess((done) -> progress.complete(sequence))
			.doOnError((ex) -> log.error("attempt of delivery {} not recorded; {} stays uncommitted for the next owner",
					delivery.getDeliveryId(), progress.partition(), ex))
			.doFinally((signal) -> this.limiter.release(size))
			.onErrorComplete()
			.subscribe();
	}

	/**
	 * A commit may have failed: spring-kafka drops the offsets of a failed commit, so the
	 * last acknowledged offset of every owned partition is committed again by
	 * {@link #retryCommits}, until that succeeds.
	 */
	void commitMayHaveFailed() {
		this.commitsUnconfirmed = true;
	}

	/**
	 * If a commit may have failed, commits every owned partition's last acknowledged
	 * offset again, at most once per {@link #COMMIT_RETRY_INTERVAL}. Only ever the newest
	 * acknowledged offset is committed, so this never moves a committed offset back.
	 * Called on the consumer thread: from the listener, and from the container's idle
	 * events, so that partitions that receive nothing more are committed too.
	 */
	void retryCommits(Consumer<?, ?> consumer) {
		long now = System.nanoTime();
		if (!this.commitsUnconfirmed || now - this.nextCommitRetryNanos < 0) {
			return;
		}
		this.nextCommitRetryNanos = now + COMMIT_RETRY_INTERVAL.toNanos();
		Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
		for (TopicPartition partition : consumer.assignment()) {
			PartitionProgress progress = this.partitions.get(partition);
			long last = (progress != null) ? progress.lastAcknowledged() : -1;
			if (last >= 0) {
				offsets.put(partition, new OffsetAndMetadata(last + 1));
			}
		}
		try {
			consumer.commitSync(offsets, COMMIT_RETRY_INTERVAL);
			this.commitsUnconfirmed = false;
			log.info("committed the offsets of {} partitions again after a failed commit", offsets.size());
		}
		catch (KafkaException ex) {
			log.warn("committing the offsets of {} partitions again failed, trying again: {}", offsets.size(),
					ex.toString());
		}
	}

	private void endWait(Duration early) {
		if (!early.isZero()) {
			this.parked.waitEnded();
		}
	}

	private @Nullable Delivery decode(ConsumerRecord<String, byte[]> record) {
		try {
			return this.deserializer.deserialize(record.topic(), record.value());
		}
		catch (SerializationException ex) {
			log.error("skipping undecodable delivery at {}-{}@{}: {}", record.topic(), record.partition(),
					record.offset(), ex.getMessage());
			return null;
		}
	}

	@Override
	public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> assigned) {
		for (TopicPartition partition : assigned) {
			PartitionProgress stale = this.partitions.put(partition, newProgress(partition));
			if (stale != null) {
				stale.retire();
			}
		}
		this.parked.reset(assigned);
		this.throttled.reset(assigned);
	}

	@Override
	public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
		long deadline = System.nanoTime() + this.drainTimeout.toNanos();
		for (TopicPartition partition : revoked) {
			PartitionProgress progress = this.partitions.get(partition);
			if (progress != null && !drain(progress, deadline)) {
				log.warn("{} deliveries of {} still in flight after {}; the next owner sends them again",
						progress.uncommitted(), partition, this.drainTimeout);
			}
		}
		retire(revoked);
	}

	@Override
	public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> lost) {
		retire(lost);
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
			PartitionProgress progress = this.partitions.remove(partition);
			if (progress != null) {
				progress.retire();
			}
		}
		this.parked.reset(partitions);
		this.throttled.reset(partitions);
		this.processor.partitionsReleased(partitions);
	}

	private PartitionProgress newProgress(TopicPartition partition) {
		return new PartitionProgress(partition, this.maxUncommittedPerPartition, this.backlog);
	}

}
