package dev.hookline.cli.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import dev.hookline.cli.kafka.KafkaAccess;
import dev.hookline.cli.support.Progress;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.ReplayMark;
import dev.hookline.schemas.Topic;
import dev.hookline.schemas.Topics;
import io.github.bucket4j.Bucket;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.jspecify.annotations.Nullable;

/**
 * Re-publishes planned dead letters to {@code deliveries} as first attempts, and marks
 * each DLQ record in the replay log once Kafka has acknowledged its delivery, so a mark
 * never names a delivery that was not written.
 *
 * <p>
 * A replayed record is the DLQ delivery with {@code attempt=1}, {@code dueAt=now} and no
 * last outcome or dead-letter reason; its delivery id, body, subscription and first
 * attempt time are kept, so the endpoint sees the original {@code webhook-id}. A failed
 * write is counted, not marked, and ends the run early; the next run sends what was not
 * marked.
 */
final class Replayer {

	private final KafkaAccess kafka;

	private final Clock clock;

	Replayer(KafkaAccess kafka, Clock clock) {
		this.kafka = kafka;
		this.clock = clock;
	}

	Result replay(ReplayPlan plan, String runId, @Nullable Bucket rate, Progress progress) throws InterruptedException {
		Topics topics = this.kafka.topics();
		this.kafka.publishSchemas();
		Run run = new Run(runId);
		try (KafkaProducer<byte[], byte[]> producer = this.kafka.producer()) {
			for (ReplayPlan.Item item : plan.items()) {
				if (rate != null) {
					rate.asBlocking().consume(1);
				}
				Delivery replay = replayOf(item.newest().delivery(), this.clock.instant());
				try {
					run.pending.add(new Pending(item,
							producer.send(record(topics.deliveries(), replay.getSubscriptionId(), replay))));
				}
				catch (KafkaException ex) {
					run.fail(ex);
					break;
				}
				run.markAcknowledged(producer, topics, false);
				progress.update(run.replayed.size());
			}
			producer.flush();
			run.markAcknowledged(producer, topics, true);
			producer.flush();
			run.awaitMarks();
		}
		progress.finish(run.replayed.size());
		return new Result(runId, List.copyOf(run.replayed), plan.size() - run.replayed.size(), run.unmarked, run.error);
	}

	/** The DLQ delivery as a fresh first attempt, due now. */
	static Delivery replayOf(Delivery dead, Instant now) {
		return Delivery.newBuilder(dead)
			.setAttempt(1)
			.setDueAt(now)
			.setLastOutcome(null)
			.setDeadLetterReason(null)
			.build();
	}

	private static <V> ProducerRecord<byte[], byte[]> record(Topic<String, V> topic, String key, V value) {
		return new ProducerRecord<>(topic.name(), key.getBytes(StandardCharsets.UTF_8),
				topic.valueSerde().serializer().serialize(topic.name(), value));
	}

	/**
	 * What a run did.
	 *
	 * @param runId the run's id, in every mark it wrote
	 * @param replayed delivery ids written to {@code deliveries}
	 * @param notReplayed planned deliveries not written
	 * @param unmarked DLQ records whose delivery was written but whose mark was not, so
	 * the next run sends them again
	 * @param error the first failure, if any
	 */
	record Result(String runId, List<String> replayed, int notReplayed, int unmarked, @Nullable Exception error) {

	}

	private record Pending(ReplayPlan.Item item, Future<RecordMetadata> write) {

	}

	/** The mutable state of one run. */
	private final class Run {

		final String runId;

		final Deque<Pending> pending = new ArrayDeque<>();

		final List<Future<RecordMetadata>> marks = new ArrayList<>();

		final List<String> replayed = new ArrayList<>();

		int unmarked;

		@Nullable Exception error;

		Run(String runId) {
			this.runId = runId;
		}

		/** Marks the deliveries Kafka has acknowledged, oldest first. */
		void markAcknowledged(KafkaProducer<byte[], byte[]> producer, Topics topics, boolean wait)
				throws InterruptedException {
			while (!this.pending.isEmpty() && (wait || this.pending.peek().write().isDone())) {
				Pending head = this.pending.poll();
				try {
					head.write().get();
				}
				catch (ExecutionException ex) {
					fail(ex);
					continue;
				}
				Instant now = Replayer.this.clock.instant();
				for (DeadLetter letter : head.item().records()) {
					ReplayMark mark = new ReplayMark(letter.deliveryId(), letter.partition(), letter.offset(), now,
							this.runId);
					this.marks.add(producer.send(record(topics.replays(), letter.markKey(), mark)));
				}
				this.replayed.add(head.item().newest().deliveryId());
			}
		}

		void awaitMarks() throws InterruptedException {
			for (Future<RecordMetadata> mark : this.marks) {
				try {
					mark.get();
				}
				catch (ExecutionException ex) {
					this.unmarked++;
					fail(ex);
				}
			}
		}

		void fail(Exception ex) {
			Throwable cause = (ex instanceof ExecutionException && ex.getCause() instanceof Exception c) ? c : ex;
			if (this.error == null) {
				this.error = (Exception) cause;
			}
		}

	}

}
