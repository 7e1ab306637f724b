package dev.hookline.worker.outcome;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The outcome transactions on mock producers, committed on demand: records and offsets
 * commit together, fenced by the group's metadata; a transaction that cannot commit is
 * aborted and the consumer side told, unless it was refused for an old group generation,
 * when its records go into the next generation's transaction; a fenced producer is
 * replaced.
 */
class OutcomeTransactionsTest {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private static final TopicPartition DELIVERIES_0 = new TopicPartition("hookline.deliveries", 0);

	private static final ConsumerGroupMetadata GROUP = new ConsumerGroupMetadata("hookline-worker", 7, "member-1",
			java.util.Optional.empty());

	private static final ConsumerGroupMetadata NEXT_GENERATION = new ConsumerGroupMetadata("hookline-worker", 8,
			"member-1", java.util.Optional.empty());

	private static final CommitFailedException GENERATION_MISMATCH = new CommitFailedException(
			"Transaction offset Commit failed due to consumer group metadata mismatch (test)");

	private final List<MockProducer<String, byte[]>> producers = new ArrayList<>();

	/** Whether new producers acknowledge each record at once. */
	private volatile boolean autoComplete = true;

	/** How many of the next commits time out. */
	private final AtomicInteger timeouts = new AtomicInteger();

	private final RecordingScope scope = new RecordingScope();

	/** Commits only when told (commitNow), not on a timer. */
	private final OutcomeTransactions transactions = new OutcomeTransactions(this::newProducer, Duration.ofHours(1),
			Duration.ofHours(1));

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
	void aTransactionRefusedForAnOldGenerationIsSentAgainWithTheNextOneAndNothingIsReadAgain() throws Exception {
		this.scope.offsets.put(DELIVERIES_0, new OffsetAndMetadata(42));
		send("hookline.attempts");
		send("hookline.deliveries.retry.1m");
		refuseNextCommit(this.transactions);
		assertThat(producer().transactionAborted()).isTrue();

		// the consumer has not seen the new generation yet: nothing is committed
		assertThat(this.transactions.commitNow(PATIENCE)).isFalse();
		assertThat(producer().transactionCommitted()).isFalse();

		this.scope.group = NEXT_GENERATION;
		this.scope.offsets.put(DELIVERIES_0, new OffsetAndMetadata(43));
		send("hookline.events");
		assertThat(this.transactions.commitNow(PATIENCE)).isTrue();

		assertThat(producer().transactionCommitted()).isTrue();
		assertThat(producer().history()).extracting(ProducerRecord::topic)
			.containsExactlyInAnyOrder("hookline.events", "hookline.attempts", "hookline.deliveries.retry.1m");
		assertThat(producer().consumerGroupOffsetsHistory())
			.containsExactly(Map.of("hookline-worker", Map.of(DELIVERIES_0, new OffsetAndMetadata(43))));
		assertThat(this.scope.aborted).hasValue(0);
		assertThat(this.transactions.retriedTransactions()).isOne();
		assertThat(this.transactions.abortedTransactions()).isZero();
		assertThat(this.producers).hasSize(1);
	}

	/**
	 * A record not acknowledged yet when its transaction is refused: the producer drops
	 * it with the abort, or first fails it with the refusal's error (what it does with
	 * the batches it had not sent). Either way its writer hears of it only once the next
	 * generation's transaction took it.
	 */
	@ParameterizedTest(name = "failed with the refusal first: {0}")
	@ValueSource(booleans = { false, true })
	void aRefusedRecordNotAcknowledgedYetCompletesWhenTheNextGenerationsTransactionTakesIt(boolean failedWithTheRefusal)
			throws Exception {
		this.autoComplete = false;
		try (OutcomeTransactions transactions = new OutcomeTransactions(this::newProducer, Duration.ofHours(1),
				Duration.ofHours(1))) {
			RecordingScope scope = new RecordingScope();
			transactions.bind(scope);
			scope.offsets.put(DELIVERIES_0, new OffsetAndMetadata(42));
			CompletableFuture<RecordMetadata> sent = transactions.send(record("hookline.attempts"), () -> true)
				.toFuture();
			if (failedWithTheRefusal) {
				await().atMost(PATIENCE).until(() -> producer().errorNext(GENERATION_MISMATCH));
			}
			refuseNextCommit(transactions);
			assertThat(sent).isNotDone();

			scope.group = NEXT_GENERATION;
			// the mock acknowledges what is pending when it commits
			assertThat(transactions.commitNow(PATIENCE)).isTrue();

			assertThat(producer().history()).extracting(ProducerRecord::topic).containsExactly("hookline.attempts");
			assertThat(sent.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS).topic()).isEqualTo("hookline.attempts");
			assertThat(scope.aborted).hasValue(0);
		}
	}

	@Test
	void recordsOfAPartitionLetGoWhileTheyWaitForTheNextGenerationAreDropped() throws Exception {
		AtomicBoolean owned = new AtomicBoolean(true);
		this.scope.offsets.put(DELIVERIES_0, new OffsetAndMetadata(42));
		assertThat(this.transactions.send(record("hookline.attempts"), owned::get).block(PATIENCE)).isNotNull();
		refuseNextCommit(this.transactions);

		owned.set(false);
		this.scope.offsets.clear();
		this.scope.group = NEXT_GENERATION;
		send("hookline.events");
		assertThat(this.transactions.commitNow(PATIENCE)).isTrue();

		assertThat(producer().history()).extracting(ProducerRecord::topic).containsExactly("hookline.events");
		assertThat(this.scope.aborted).hasValue(0);
	}

	@Test
	void refusedRecordsAreGivenUpAndThePartitionsReadAgainWhenNoNewGenerationComes() throws Exception {
		try (OutcomeTransactions impatient = new OutcomeTransactions(this::newProducer, Duration.ofHours(1),
				Duration.ZERO)) {
			RecordingScope scope = new RecordingScope();
			impatient.bind(scope);
			scope.offsets.put(DELIVERIES_0, new OffsetAndMetadata(42));
			assertThat(impatient.send(record("hookline.attempts"), () -> true).block(PATIENCE)).isNotNull();
			refuseNextCommit(impatient);
			assertThat(scope.aborted).hasValue(0);

			Thread.sleep(1);
			assertThat(impatient.commitNow(PATIENCE)).isFalse();

			assertThat(scope.aborted).hasValue(1);
			assertThat(impatient.abortedTransactions()).isOne();
			assertThat(producer().transactionCommitted()).isFalse();
		}
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

	/** Has the broker refuse the next commit's offsets for an old group generation. */
	private void refuseNextCommit(OutcomeTransactions transactions) throws InterruptedException {
		producer().commitTransactionException = GENERATION_MISMATCH;
		assertThat(transactions.commitNow(PATIENCE)).isFalse();
		producer().commitTransactionException = null;
	}

	private MockProducer<String, byte[]> newProducer() {
		MockProducer<String, byte[]> producer = new MockProducer<>(this.autoComplete, null, new StringSerializer(),
				new ByteArraySerializer()) {

			@Override
			public void commitTransaction() {
				if (OutcomeTransactionsTest.this.timeouts.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
					throw new TimeoutException("commit timed out (test)");
				}
				super.commitTransaction();
			}

			@Override
			public void abortTransaction() {
				// as the real producer, fail the batches not sent yet with the
				// transaction
				// (the mock would acknowledge them)
				while (errorNext(new TransactionAbortedException("aborted with its transaction (test)"))) {
					// one batch after another
				}
				super.abortTransaction();
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

		volatile ConsumerGroupMetadata group = GROUP;

		@Override
		public Map<TopicPartition, OffsetAndMetadata> offsets() {
			return Map.copyOf(this.offsets);
		}

		@Override
		public @Nullable ConsumerGroupMetadata groupMetadata() {
			return this.group;
		}

		@Override
		public void aborted() {
			this.aborted.incrementAndGet();
		}

	}

}
