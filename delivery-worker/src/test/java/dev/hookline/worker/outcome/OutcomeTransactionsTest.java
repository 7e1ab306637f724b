package dev.hookline.worker.outcome;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The outcome transactions on mock producers, committed on demand: records and offsets
 * commit together, fenced by the group's metadata; a transaction that cannot commit is
 * aborted and the consumer side told; a fenced producer is replaced.
 */
class OutcomeTransactionsTest {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private static final TopicPartition DELIVERIES_0 = new TopicPartition("hookline.deliveries", 0);

	private static final ConsumerGroupMetadata GROUP = new ConsumerGroupMetadata("hookline-worker", 7, "member-1",
			java.util.Optional.empty());

	private final List<MockProducer<String, byte[]>> producers = new ArrayList<>();

	/** How many of the next commits time out. */
	private final AtomicInteger timeouts = new AtomicInteger();

	private final RecordingScope scope = new RecordingScope();

	/** Commits only when told (commitNow), not on a timer. */
	private final OutcomeTransactions transactions = new OutcomeTransactions(this::newProducer, Duration.ofHours(1));

	{
		this.transactions.bind(this.scope);
	}

	@AfterEach
	void close() {
		this.transactions.close();
	}

	@Test
	void recordsAndTheOffsetsOfTheDeliveriesTheyFollowCommitTogetherFencedByTheGroup() throws Exception {
		this.scope.offsets.put(DELIVERIES_0, new OffsetAndMetadata(42));
		send("hookline.attempts");
		send("hookline.deliveries.retry.1m");

		assertThat(producer().transactionInFlight()).isTrue();
		assertThat(producer().transactionCommitted()).isFalse();
		assertThat(this.transactions.commitNow(PATIENCE)).isTrue();

		assertThat(producer().transactionCommitted()).isTrue();
		assertThat(producer().history()).extracting(ProducerRecord::topic)
			.containsExactly("hookline.attempts", "hookline.deliveries.retry.1m");
		assertThat(producer().consumerGroupOffsetsHistory())
			.containsExactly(Map.of("hookline-worker", Map.of(DELIVERIES_0, new OffsetAndMetadata(42))));
		assertThat(this.transactions.committedTransactions()).isOne();
	}

	@Test
	void unchangedOffsetsAreCommittedAgainWithNewRecordsSoThatEveryTransactionIsFenced() throws Exception {
		this.scope.offsets.put(DELIVERIES_0, new OffsetAndMetadata(42));
		send("hookline.attempts");
		this.transactions.commitNow(PATIENCE);

		// nothing new: no transaction
		assertThat(this.transactions.commitNow(PATIENCE)).isTrue();
		assertThat(this.transactions.committedTransactions()).isOne();

		send("hookline.attempts");
		this.transactions.commitNow(PATIENCE);
		assertThat(producer().consumerGroupOffsetsHistory()).hasSize(2)
			.allSatisfy((offsets) -> assertThat(offsets)
				.isEqualTo(Map.of("hookline-worker", Map.of(DELIVERIES_0, new OffsetAndMetadata(42)))));
	}

	@Test
	void aTransactionWhoseOffsetsAreRefusedIsAbortedAndThePartitionsAreReadAgain() throws Exception {
		this.scope.offsets.put(DELIVERIES_0, new OffsetAndMetadata(42));
		send("hookline.deliveries.retry.1m");
		producer().sendOffsetsToTransactionException = new KafkaException("the group rebalanced");

		assertThat(this.transactions.commitNow(PATIENCE)).isFalse();

		assertThat(producer().transactionAborted()).isTrue();
		assertThat(producer().transactionCommitted()).isFalse();
		assertThat(this.scope.aborted).hasValue(1);
		assertThat(this.transactions.abortedTransactions()).isOne();
		assertThat(this.producers).hasSize(1);
	}

	@Test
	void aFencedProducerIsReplacedAndThePartitionsAreReadAgain() throws Exception {
		this.scope.offsets.put(DELIVERIES_0, new OffsetAndMetadata(42));
		send("hookline.attempts");
		producer().commitTransactionException = new ProducerFencedException("another instance took over");

		assertThat(this.transactions.commitNow(PATIENCE)).isFalse();

		assertThat(this.producers).hasSize(2);
		assertThat(this.producers.get(0).closed()).isTrue();
		assertThat(this.scope.aborted).hasValue(1);
		send("hookline.attempts");
		assertThat(this.transactions.commitNow(PATIENCE)).isTrue();
		assertThat(producer().transactionCommitted()).isTrue();
	}

	@Test
	void aCommitThatTimesOutIsTriedAgainUntilItCommits() throws Exception {
		this.timeouts.set(2);
		this.scope.offsets.put(DELIVERIES_0, new OffsetAndMetadata(42));
		send("hookline.attempts");

		assertThat(this.transactions.commitNow(PATIENCE)).isTrue();

		assertThat(this.timeouts).hasValue(0);
		assertThat(producer().transactionCommitted()).isTrue();
		assertThat(this.scope.aborted).hasValue(0);
	}

	@Test
	void aRecordOfAPartitionNoLongerOwnedIsRefusedAndNothingIsSent() {
		assertThatExceptionOfType(OutcomeTransactions.NotOwnedException.class)
			.isThrownBy(() -> this.transactions.send(record("hookline.attempts"), () -> false).block(PATIENCE));

		assertThat(producer().history()).isEmpty();
		assertThat(producer().transactionInFlight()).isFalse();
	}

	private MockProducer<String, byte[]> newProducer() {
		MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
				new ByteArraySerializer()) {

			@Override
			public void commitTransaction() {
				if (OutcomeTransactionsTest.this.timeouts.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
					throw new TimeoutException("commit timed out (test)");
				}
				super.commitTransaction();
			}

		};
		this.producers.add(producer);
		return producer;
	}

	private MockProducer<String, byte[]> producer() {
		return this.producers.get(this.producers.size() - 1);
	}

	private void send(String topic) {
		assertThat(this.transactions.send(record(topic), () -> true).block(PATIENCE)).isNotNull();
	}

	private static ProducerRecord<String, byte[]> record(String topic) {
		return new ProducerRecord<>(topic, "sub-1", new byte[] { 1, 2, 3 });
	}

	/** The consumer side, as the intake would be. */
	private static final class RecordingScope implements OutcomeTransactions.Scope {

		final Map<TopicPartition, OffsetAndMetadata> offsets = new ConcurrentHashMap<>();

		final AtomicInteger aborted = new AtomicInteger();

		@Override
		public Map<TopicPartition, OffsetAndMetadata> offsets() {
			return Map.copyOf(this.offsets);
		}

		@Override
		public @Nullable ConsumerGroupMetadata groupMetadata() {
			return GROUP;
		}

		@Override
		public void aborted() {
			this.aborted.incrementAndGet();
		}

	}

}
