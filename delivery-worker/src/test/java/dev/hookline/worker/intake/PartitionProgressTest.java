package dev.hookline.worker.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.support.Acknowledgment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PartitionProgressTest {

	private static final TopicPartition PARTITION = new TopicPartition("hookline.deliveries", 3);

	private final List<Long> acknowledged = new ArrayList<>();

	private final RecordingFlowControl flow = new RecordingFlowControl();

	private final PartitionProgress progress = new PartitionProgress(PARTITION, 1000, this.flow);

	@Test
	void nothingIsAcknowledgedWhileTheOldestRecordIsInFlight() {
		long slow = begin(100);
		for (long offset = 101; offset <= 110; offset++) {
			this.progress.complete(begin(offset));
		}

		assertThat(this.acknowledged).isEmpty();
		assertThat(this.progress.uncommitted()).isEqualTo(11);
		this.progress.complete(slow);
		assertThat(this.acknowledged).containsExactly(110L);
		assertThat(this.progress.uncommitted()).isZero();
	}

	@Test
	void theCommitMovesUpToTheFirstRecordStillInFlightAndNoFurther() {
		long first = begin(10);
		long second = begin(11);
		long third = begin(15); // offsets 12 to 14 were transaction markers or aborted
		long fourth = begin(16);

		this.progress.complete(second);
		this.progress.complete(first);
		assertThat(this.acknowledged).containsExactly(11L);
		this.progress.complete(fourth);
		assertThat(this.acknowledged).containsExactly(11L);
		this.progress.complete(third);
		assertThat(this.acknowledged).containsExactly(11L, 16L);
	}

	@Test
	void recordsCompletedInAnyOrderAreAcknowledgedInOffsetOrder() {
		List<Long> sequences = new ArrayList<>();
		for (long offset = 0; offset < 200; offset++) {
			sequences.add(begin(offset));
		}
		// complete odd ones first, then even ones from the end
		for (int i = 1; i < 200; i += 2) {
			this.progress.complete(sequences.get(i));
		}
		for (int i = 198; i >= 0; i -= 2) {
			this.progress.complete(sequences.get(i));
		}

		assertThat(this.acknowledged).containsExactly(199L);
		assertThat(this.progress.uncommitted()).isZero();
	}

	@Test
	void aRetiredPartitionAcknowledgesNothingMore() {
		long inFlight = begin(7);
		this.progress.retire();
		this.progress.complete(inFlight);

		assertThat(this.acknowledged).isEmpty();
		assertThat(this.progress.isActive()).isFalse();
	}

	@Test
	void theLastAcknowledgedOffsetIsKeptForCommittingAgainUntilThePartitionIsRetired() {
		assertThat(this.progress.lastAcknowledged()).as("nothing acknowledged yet").isEqualTo(-1);
		this.progress.complete(begin(7));
		long inFlight = begin(8);
		this.progress.complete(begin(9));
		assertThat(this.progress.lastAcknowledged()).isEqualTo(7);

		this.progress.complete(inFlight);
		assertThat(this.progress.lastAcknowledged()).isEqualTo(9);

		this.progress.retire();
		assertThat(this.progress.lastAcknowledged()).isEqualTo(-1);
	}

	@Test
	void aPartitionWithTooManyRecordsBehindASlowOneIsPausedUntilHalfAreCommittable() {
		PartitionProgress small = new PartitionProgress(PARTITION, 4, this.flow);
		long slow = small.begin(ack(0), 0);
		List<Long> fast = new ArrayList<>();
		for (long offset = 1; offset <= 3; offset++) {
			fast.add(small.begin(ack(offset), offset));
		}
		assertThat(this.flow.calls).containsExactly("pause " + PARTITION);

		fast.forEach(small::complete);
		assertThat(this.flow.calls).containsExactly("pause " + PARTITION);
		small.complete(slow);
		assertThat(this.flow.calls).containsExactly("pause " + PARTITION, "resume " + PARTITION);
		assertThat(this.acknowledged).containsExactly(3L);
	}

	@Test
	void retiringAPausedPartitionLiftsThePause() {
		PartitionProgress small = new PartitionProgress(PARTITION, 1, this.flow);
		small.begin(ack(0), 0);
		small.retire();

		assertThat(this.flow.calls).containsExactly("pause " + PARTITION, "resume " + PARTITION);
	}

	@Test
	void drainingWaitsForTheRecordsInFlight() {
		long inFlight = begin(1);
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
		assertThat(this.acknowledged).containsExactly(1L);
	}

	@Test
	void drainingGivesUpAtTheDeadline() throws InterruptedException {
		begin(1);

		assertThat(this.progress.awaitDrained(System.nanoTime())).isFalse();
		assertThat(this.acknowledged).isEmpty();
	}

	private long begin(long offset) {
		return this.progress.begin(ack(offset), offset);
	}

	private Acknowledgment ack(long offset) {
		return () -> {
			synchronized (this.acknowledged) {
				this.acknowledged.add(offset);
			}
		};
	}

}
