package dev.hookline.worker.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ParkedPartitionsTest {

	private static final TopicPartition PARTITION = new TopicPartition("hookline.deliveries.retry.1m", 0);

	private final RecordingFlowControl flow = new RecordingFlowControl();

	private final ParkedPartitions parked = new ParkedPartitions(new PartitionPauses(this.flow), Clock.systemUTC());

	private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");

	private final List<ParkedPartitions> others = new ArrayList<>();

	@BeforeEach
	void assign() {
		this.consumer.assign(List.of(PARTITION));
		this.consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
		// as after a poll that returned offsets 5 to 7
		this.consumer.seek(PARTITION, 8);
	}

	@AfterEach
	void close() {
		this.parked.close();
		this.others.forEach(ParkedPartitions::close);
	}

	/** One that lets records due within 5 s wait in memory, closed after the test. */
	private ParkedPartitions withLookahead(int maxWaiting) {
		ParkedPartitions soon = new ParkedPartitions(new PartitionPauses(this.flow), Clock.systemUTC(),
				Duration.ofSeconds(5), maxWaiting);
		this.others.add(soon);
		return soon;
	}

	@Test
	void aRecordNotDueYetParksItsPartitionUntilItIsDue() {
		Instant due = Instant.now().plusMillis(300);

		assertThat(this.parked.parkIfEarly(PARTITION, 5, due, this.consumer)).isTrue();
		assertThat(this.consumer.position(PARTITION)).isEqualTo(5);
		assertThat(this.flow.calls).containsExactly("pause " + PARTITION);
		assertThat(this.parked.count()).isOne();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.flow.calls.size() == 2);
		assertThat(this.flow.calls).containsExactly("pause " + PARTITION, "resume " + PARTITION);
		assertThat(this.flow.resumedAt).isAfterOrEqualTo(due);
	}

	@Test
	void aDueRecordIsNotParked() {
		assertThat(this.parked.parkIfEarly(PARTITION, 5, Instant.now(), this.consumer)).isFalse();
		assertThat(this.parked.parkIfEarly(PARTITION, 5, Instant.now().minusSeconds(60), this.consumer)).isFalse();

		assertThat(this.flow.calls).isEmpty();
		assertThat(this.consumer.position(PARTITION)).isEqualTo(8);
	}

	@Test
	void recordsFromTheSamePollAfterTheParkedOneAreHeldBack() {
		this.parked.parkIfEarly(PARTITION, 5, Instant.now().plusSeconds(3600), this.consumer);

		assertThat(this.parked.holdsBack(PARTITION, 6, this.consumer)).isTrue();
		assertThat(this.parked.holdsBack(PARTITION, 7, this.consumer)).isTrue();
		assertThat(this.parked.count()).isOne();
	}

	@Test
	void theParkedRecordComingBackEndsTheParking() {
		this.parked.parkIfEarly(PARTITION, 5, Instant.now().plusSeconds(3600), this.consumer);

		// fetched again from the parked record on
		this.consumer.seek(PARTITION, 8);
		assertThat(this.parked.holdsBack(PARTITION, 5, this.consumer)).isFalse();
		assertThat(this.parked.holdsBack(PARTITION, 6, this.consumer)).isFalse();
		assertThat(this.parked.count()).isZero();
		assertThat(this.flow.calls).containsExactly("pause " + PARTITION, "resume " + PARTITION);
	}

	@Test
	void aParkedRecordThatNoLongerExistsDoesNotStallItsPartition() {
		this.parked.parkIfEarly(PARTITION, 5, Instant.now().plusSeconds(3600), this.consumer);

		// retention deleted offsets up to 19: the fetch restarted at 20
		this.consumer.seek(PARTITION, 21);
		assertThat(this.parked.holdsBack(PARTITION, 20, this.consumer)).isFalse();
		assertThat(this.parked.count()).isZero();
	}

	@Test
	void anAssignmentOrRevocationResumesAParkedPartitionAndCancelsItsTimer() {
		this.parked.parkIfEarly(PARTITION, 5, Instant.now().plusMillis(200), this.consumer);
		this.parked.reset(List.of(PARTITION));

		assertThat(this.flow.calls).containsExactly("pause " + PARTITION, "resume " + PARTITION);
		assertThat(this.parked.count()).isZero();
		assertThat(this.parked.holdsBack(PARTITION, 6, this.consumer)).isFalse();
		// the cancelled timer never resumes it a second time
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> this.flow.calls.size() == 2);
	}

	@Test
	void aRecordDueWithinTheLookaheadWaitsInMemoryWithoutParking() {
		ParkedPartitions soon = withLookahead(2);
		Duration wait = soon.waitOrPark(PARTITION, 5, Instant.now().plusSeconds(2), this.consumer);

		assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2));
		assertThat(soon.waiting()).isOne();
		assertThat(soon.count()).isZero();
		assertThat(this.flow.calls).isEmpty();
		// the consumer reads on
		assertThat(this.consumer.position(PARTITION)).isEqualTo(8);
		assertThat(soon.holdsBack(PARTITION, 6, this.consumer)).isFalse();
		soon.waitEnded();
		assertThat(soon.waiting()).isZero();
	}

	@Test
	void aRecordDueBeyondTheLookaheadOrPastTheWaitingCapParksItsPartition() {
		ParkedPartitions soon = withLookahead(1);
		assertThat(soon.waitOrPark(PARTITION, 5, Instant.now().plusSeconds(60), this.consumer)).isNull();
		assertThat(this.consumer.position(PARTITION)).isEqualTo(5);
		assertThat(soon.waiting()).isZero();
		soon.reset(List.of(PARTITION));

		assertThat(soon.waitOrPark(PARTITION, 5, Instant.now().plusSeconds(1), this.consumer)).isPositive();
		// the one place is taken: the next early record parks its partition
		this.consumer.seek(PARTITION, 8);
		assertThat(soon.waitOrPark(PARTITION, 6, Instant.now().plusSeconds(1), this.consumer)).isNull();
		assertThat(this.consumer.position(PARTITION)).isEqualTo(6);
		assertThat(soon.count()).isOne();
		assertThat(soon.waiting()).isOne();
	}

	@Test
	void aDueRecordNeitherWaitsNorParks() {
		ParkedPartitions soon = withLookahead(1);
		assertThat(soon.waitOrPark(PARTITION, 5, Instant.now().minusMillis(1), this.consumer)).isZero();
		assertThat(soon.waiting()).isZero();
		assertThat(this.flow.calls).isEmpty();
	}

}
