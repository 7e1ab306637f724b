package dev.hookline.worker.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PartitionProgressTest {

	private static final TopicPartition PARTITION = new TopicPartition("hookline.deliveries", 3);

	private final RecordingFlowControl flow = new RecordingFlowControl();

	/** Read from offset 100, as committed. */
	private final PartitionProgress progress = new PartitionProgress(PARTITION, 100, 1000, this.flow);

	@Test
	void untilARecordCompletesTheCommittableOffsetIsWhereReadingStarted() {
		assertThat(this.progress.committable()).isEqualTo(100);
		begin(100);

		assertThat(this.progress.committable()).isEqualTo(100);
	}

	@Test
	void nothingIsCommittableWhileTheOldestRecordIsInFlight() {
		long slow = begin(100);
		for (long offset = 101; offset <= 110; offset++) {
			this.progress.complete(begin(offset));
		}

		assertThat(this.progress.committable()).isEqualTo(100);
		assertThat(this.progress.uncommitted()).isEqualTo(11);
		this.progress.complete(slow);
		assertThat(this.progress.committable()).isEqualTo(111);
		assertThat(this.progress.uncommitted()).isZero();
	}

	@Test
	void theOffsetToCommitCarriesTheRecordsDoneBehindOneInFlight() {
		long slow = begin(100);
		this.progress.complete(begin(101));
		this.progress.complete(begin(102));
		long inFlight = begin(103);
		this.progress.complete(begin(105)); // 104: a transaction marker

		assertThat(this.progress.toCommit()).isEqualTo(new OffsetAndMetadata(100, "done:1-2,5"));
		assertThat(this.progress.doneNotCarried()).isZero();
		this.progress.complete(slow);
		assertThat(this.progress.toCommit()).isEqualTo(new OffsetAndMetadata(103, "done:2"));
		this.progress.complete(inFlight);
		assertThat(this.progress.toCommit()).isEqualTo(new OffsetAndMetadata(106, ""));
		this.progress.retire();
		assertThat(this.progress.toCommit()).isNull();
	}

	@Test
	void whatAnEarlierReaderDidBeyondTheOffsetIsCarriedOnUntilTheseRecordsAreRead() {
		// the committed offset 100 said 102-105 and 108 were done; this reader is at 103
		PartitionProgress carrying = new PartitionProgress(PARTITION, 100, 1000, this.flow,
				DoneAhead.read(new OffsetAndMetadata(100, "done:2-5,8")));
		long first = carrying.begin(100);
		long second = carrying.begin(101);
		carrying.complete(carrying.begin(102)); // counted done at once by the reader
		carrying.complete(carrying.begin(103));

		assertThat(carrying.toCommit()).isEqualTo(new OffsetAndMetadata(100, "done:2-3,4-5,8"));
		assertThat(carrying.doneNotCarried()).isZero();
		carrying.complete(first);
		carrying.complete(second);
		assertThat(carrying.toCommit()).isEqualTo(new OffsetAndMetadata(104, "done:0-1,4"));
	}

	@Test
	void recordsDoneBehindOneAbandonedAreCountedForTheNextOwnerSendsThemAgain() {
		long waiting = begin(100);
		this.progress.complete(begin(101));
		this.progress.complete(begin(102));
		long sent = begin(103);
		assertThat(this.progress.doneBehind()).isEqualTo(2);

		this.progress.stopStarting();
		this.progress.abandon(waiting);
		this.progress.complete(sent);
		assertThat(this.progress.committable()).isEqualTo(100);
		assertThat(this.progress.doneBehind()).isEqualTo(3);
	}

	@Test
	void nothingIsDoneBehindOnceTheRunIsCommittable() {
		this.progress.complete(begin(100));
		this.progress.complete(begin(101));
		assertThat(this.progress.doneBehind()).isZero();
	}

	@Test
	void theCommitMovesUpToTheFirstRecordStillInFlightAndNoFurther() {
		long first = begin(110);
		long second = begin(111);
		long third = begin(115); // offsets 112 to 114 were transaction markers or aborted
		long fourth = begin(116);

		this.progress.complete(second);
		this.progress.complete(first);
		assertThat(this.progress.committable()).isEqualTo(112);
		this.progress.complete(fourth);
		assertThat(this.progress.committable()).isEqualTo(112);
		this.progress.complete(third);
		assertThat(this.progress.committable()).isEqualTo(117);
	}

	@Test
	void recordsCompletedInAnyOrderAreCommittableInOffsetOrder() {
		List<Long> sequences = new ArrayList<>();
		for (long offset = 100; offset < 300; offset++) {
			sequences.add(begin(offset));
		}
		// complete odd ones first, then even ones from the end
		for (int i = 1; i < 200; i += 2) {
			this.progress.complete(sequences.get(i));
			assertThat(this.progress.committable()).isEqualTo(100);
		}
		for (int i = 198; i >= 2; i -= 2) {
			this.progress.complete(sequences.get(i));
		}
		assertThat(this.progress.committable()).isEqualTo(100);
		this.progress.complete(sequences.get(0));

		assertThat(this.progress.committable()).isEqualTo(300);
		assertThat(this.progress.uncommitted()).isZero();
	}

	@Test
	void aRetiredPartitionHasNothingCommittableAnyMore() {
		this.progress.complete(begin(100));
		long inFlight = begin(101);
		this.progress.retire();
		this.progress.complete(inFlight);

		assertThat(this.progress.committable()).isEqualTo(-1);
		assertThat(this.progress.isActive()).isFalse();
	}

	@Test
	void whileRevokingNoRequestStartsAndAnAbandonedRecordIsNotWaitedForNorCommittedPast() throws Exception {
		long sent = begin(100);
		long notSent = begin(101);
		long after = begin(102);
		assertThat(this.progress.mayStart()).isTrue();

		this.progress.stopStarting();
		assertThat(this.progress.mayStart()).isFalse();
		assertThat(this.progress.isActive()).as("its outcomes may still be written").isTrue();
		this.progress.complete(sent);
		this.progress.abandon(notSent);
		this.progress.abandon(after);

		assertThat(this.progress.awaitDrained(System.nanoTime())).isTrue();
		assertThat(this.progress.committable()).as("up to the abandoned record, for the next owner").isEqualTo(101);
	}

	@Test
	void aPartitionWithTooManyRecordsBehindASlowOneIsPausedUntilHalfAreCommittable() {
		PartitionProgress small = new PartitionProgress(PARTITION, 0, 4, this.flow);
		long slow = small.begin(0);
		List<Long> fast = new ArrayList<>();
		for (long offset = 1; offset <= 3; offset++) {
			fast.add(small.begin(offset));
		}
		assertThat(this.flow.calls).containsExactly("pause " + PARTITION);

		fast.forEach(small::complete);
		assertThat(this.flow.calls).containsExactly("pause " + PARTITION);
		small.complete(slow);
		assertThat(this.flow.calls).containsExactly("pause " + PARTITION, "resume " + PARTITION);
		assertThat(small.committable()).isEqualTo(4);
	}

	@Test
	void retiringAPausedPartitionLiftsThePause() {
		PartitionProgress small = new PartitionProgress(PARTITION, 0, 1, this.flow);
		small.begin(0);
		small.retire();

		assertThat(this.flow.calls).containsExactly("pause " + PARTITION, "resume " + PARTITION);
	}

	@Test
	void drainingWaitsForTheRecordsInFlight() {
		long inFlight = begin(100);
		CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
			try {
				return this.progress.awaitDrained(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		});

		assertThat(drained).isNotDone();
		this.progress.complete(inFlight);
		await().until(drained::isDone);
		assertThat(drained.join()).isTrue();
		assertThat(this.progress.committable()).isEqualTo(101);
	}

	@Test
	void drainingGivesUpAtTheDeadline() throws InterruptedException {
		begin(100);

		assertThat(this.progress.awaitDrained(System.nanoTime())).isFalse();
		assertThat(this.progress.committable()).isEqualTo(100);
	}

	private long begin(long offset) {
		return this.progress.begin(offset);
	}

}
