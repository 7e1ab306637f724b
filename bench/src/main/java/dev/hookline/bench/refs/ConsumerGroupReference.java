package dev.hookline.bench.refs;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;

/**
 * Delivers a backlog through a plain consumer group, the worker's model: one
 * {@link KafkaConsumer} whose records are POSTed through the worker's HTTP client while
 * it keeps polling, up to {@code maxInFlight} across polls, committing with
 * {@code commitAsync} only up to the oldest record still in flight per partition, so a
 * crash redelivers rather than loses.
 *
 * <p>
 * At {@code maxInFlight} the consumer pauses its partitions and resumes at three
 * quarters, as the worker's intake does. A failed POST is counted and committed past (the
 * worker would hand it to a retry tier). The bodies are produced to a fresh topic before
 * the consumer starts, which reads it from the earliest offset.
 */
public final class ConsumerGroupReference {

	private static final long COMMIT_INTERVAL_NANOS = Duration.ofMillis(50).toNanos();

	private final String bootstrapServers;

	private final int partitions;

	private final int maxInFlight;

	public ConsumerGroupReference(String bootstrapServers, int partitions, int maxInFlight) {
		this.bootstrapServers = bootstrapServers;
		this.partitions = partitions;
		this.maxInFlight = maxInFlight;
	}

	/**
	 * Produces the bodies to a fresh topic, then delivers each to the URL through the
	 * consumer group.
	 * @throws IllegalStateException when not every body is settled within {@code timeout}
	 */
	public ConsumptionResult run(List<byte[]> bodies, String url, Duration timeout) throws InterruptedException {
		String topic = DeliveryBacklog.produce(this.bootstrapServers, "bench.cg.", this.partitions, bodies);
		try (DeliveryPoster poster = new DeliveryPoster(url, "msg_cg_");
				KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(topic),
						new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
			DeliveryTally tally = new DeliveryTally(bodies.size());
			new Loop(consumer, poster, tally).run(topic, System.nanoTime() + timeout.toNanos());
			if (!tally.done()) {
				throw new IllegalStateException("the consumer group settled " + tally.settled() + " of " + bodies.size()
						+ " within " + timeout);
			}
			return tally.result();
		}
	}

	private Map<String, Object> consumerConfig(String group) {
		return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG,
				group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
				false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(500, this.maxInFlight));
	}

	/** The polling thread's state; answers come back to it through a queue. */
	private final class Loop implements ConsumerRebalanceListener {

		private final KafkaConsumer<byte[], byte[]> consumer;

		private final DeliveryPoster poster;

		private final DeliveryTally tally;

		private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();

		private final Deque<ConsumerRecord<byte[], byte[]>> waiting = new ArrayDeque<>();

		private final CommittableOffsets offsets = new CommittableOffsets();

		private int inFlight;

		private boolean paused;

		private long lastCommitNanos;

		Loop(KafkaConsumer<byte[], byte[]> consumer, DeliveryPoster poster, DeliveryTally tally) {
			this.consumer = consumer;
			this.poster = poster;
			this.tally = tally;
		}

		void run(String topic, long deadlineNanos) throws InterruptedException {
			this.consumer.subscribe(List.of(topic), this);
			while (!this.tally.done() && System.nanoTime() < deadlineNanos) {
				// at the cap, wait for an answer rather than spin on a paused consumer
				take((this.inFlight >= ConsumerGroupReference.this.maxInFlight)
						? this.answers.poll(20, TimeUnit.MILLISECONDS) : this.answers.poll());
				startWaiting();
				commitEvery(COMMIT_INTERVAL_NANOS);
				flowControl();
				for (ConsumerRecord<byte[], byte[]> record : this.consumer
					.poll(this.paused ? Duration.ZERO : Duration.ofMillis(10))) {
					this.offsets.started(new TopicPartition(record.topic(), record.partition()), record.offset());
					this.waiting.addLast(record);
				}
				startWaiting();
			}
			// after the async commits before it, in order
			this.consumer.commitSync(this.offsets.drain());
		}

		private void take(@Nullable Answer first) {
			for (Answer answer = first; answer != null; answer = this.answers.poll()) {
				this.inFlight--;
				this.offsets.completed(answer.partition(), answer.offset());
				if (answer.ok()) {
					this.tally.delivered(answer.index());
				}
				else {
					this.tally.gaveUp(answer.index());
				}
			}
		}

		private void startWaiting() {
			while (this.inFlight < ConsumerGroupReference.this.maxInFlight && !this.waiting.isEmpty()) {
				ConsumerRecord<byte[], byte[]> record = this.waiting.pollFirst();
				TopicPartition partition = new TopicPartition(record.topic(), record.partition());
				int index = DeliveryBacklog.index(record);
				this.poster.post(index, record.value(),
						(ok) -> this.answers.add(new Answer(partition, record.offset(), index, ok)));
				this.inFlight++;
			}
		}

		private void commitEvery(long intervalNanos) {
			long now = System.nanoTime();
			if (now - this.lastCommitNanos >= intervalNanos) {
				Map<TopicPartition, OffsetAndMetadata> advanced = this.offsets.drain();
				if (!advanced.isEmpty()) {
					this.consumer.commitAsync(advanced, null);
					this.lastCommitNanos = now;
				}
			}
		}

		/** Pauses at the cap (records held back count), resumes at three quarters. */
		private void flowControl() {
			int held = this.inFlight + this.waiting.size();
			int max = ConsumerGroupReference.this.maxInFlight;
			if (!this.paused && held >= max) {
				this.consumer.pause(this.consumer.assignment());
				this.paused = true;
			}
			else if (this.paused && held <= max * 3 / 4) {
				this.consumer.resume(this.consumer.assignment());
				this.paused = false;
			}
		}

		@Override
		public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
			this.consumer.commitSync(this.offsets.drain());
			revoked.forEach(this.offsets::forget);
			this.waiting.removeIf((r) -> revoked.contains(new TopicPartition(r.topic(), r.partition())));
		}

		@Override
		public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
			if (this.paused) {
				this.consumer.pause(assigned);
			}
		}

	}

	private record Answer(TopicPartition partition, long offset, int index, boolean ok) {
	}

}
