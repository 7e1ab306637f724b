package dev.hookline.bench.refs;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One share consumer and the thread that polls it: POSTs the records of a poll, at most
 * {@code maxInFlight} at a time, and acknowledges each on the polling thread when its
 * answer comes back.
 *
 * <p>
 * In explicit acknowledgement mode Kafka 4.2 refuses a poll while any record of the
 * previous one is unacknowledged ({@code IllegalStateException: All records must be
 * acknowledged in explicit acknowledgement mode}), so a batch must drain completely
 * before the next poll; the next poll then commits the batch's acknowledgements with its
 * fetch, at no extra request. The only way around it, {@link AcknowledgeType#RENEW},
 * hands every renewed record back on the next poll to be acknowledged again, which is
 * meant for records processed longer than the acquisition lock, not for pipelining.
 */
final class ShareConsumerLoop implements Runnable {

	/**
	 * The broker's {@code group.share.delivery.count.limit} default: after this many
	 * attempts a released record is archived, so the last failure is a give-up.
	 */
	static final int DELIVERY_ATTEMPTS = 5;

	private final Map<String, Object> config;

	private final String topic;

	private final int maxInFlight;

	private final DeliveryPoster poster;

	private final DeliveryTally tally;

	private final long deadlineNanos;

	private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();

	ShareConsumerLoop(Map<String, Object> config, String topic, int maxInFlight, DeliveryPoster poster,
			DeliveryTally tally, long deadlineNanos) {
		this.config = config;
		this.topic = topic;
		this.maxInFlight = maxInFlight;
		this.poster = poster;
		this.tally = tally;
		this.deadlineNanos = deadlineNanos;
	}

	@Override
	public void run() {
		try (KafkaShareConsumer<byte[], byte[]> consumer = new KafkaShareConsumer<>(this.config,
				new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(this.topic));
			while (!this.tally.done() && System.nanoTime() < this.deadlineNanos) {
				// also commits the acknowledgements of the previous batch, with the fetch
				deliver(consumer, consumer.poll(Duration.ofMillis(100)));
			}
			consumer.commitSync(Duration.ofSeconds(10));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** POSTs the batch under the cap and acknowledges every record of it. */
	private void deliver(KafkaShareConsumer<byte[], byte[]> consumer, ConsumerRecords<byte[], byte[]> batch)
			throws InterruptedException {
		Deque<ConsumerRecord<byte[], byte[]>> waiting = new ArrayDeque<>(batch.count());
		batch.forEach(waiting::add);
		int unacknowledged = waiting.size();
		int inFlight = 0;
		while (unacknowledged > 0) {
			while (inFlight < this.maxInFlight && !waiting.isEmpty()) {
				ConsumerRecord<byte[], byte[]> record = waiting.poll();
				this.poster.post(DeliveryBacklog.index(record), record.value(),
						(ok) -> this.answers.add(new Answer(record, ok)));
				inFlight++;
			}
			// every POST is answered within the client's total timeout (15 s), well
			// inside
			// the 30 s acquisition lock
			Answer answer = this.answers.poll(1, TimeUnit.MINUTES);
			if (answer == null) {
				throw new IllegalStateException("no answer within a minute from " + inFlight + " POSTs");
			}
			inFlight--;
			unacknowledged--;
			acknowledge(consumer, answer);
		}
	}

	private void acknowledge(KafkaShareConsumer<byte[], byte[]> consumer, Answer answer) {
		int index = DeliveryBacklog.index(answer.record());
		if (answer.ok()) {
			consumer.acknowledge(answer.record(), AcknowledgeType.ACCEPT);
			this.tally.delivered(index);
		}
		else if (answer.record().deliveryCount().orElse((short) 1) < DELIVERY_ATTEMPTS) {
			// available again at once, to this consumer or another, as the next attempt
			consumer.acknowledge(answer.record(), AcknowledgeType.RELEASE);
		}
		else {
			consumer.acknowledge(answer.record(), AcknowledgeType.REJECT);
			this.tally.gaveUp(index);
		}
	}

	private record Answer(ConsumerRecord<byte[], byte[]> record, boolean ok) {
	}

}
