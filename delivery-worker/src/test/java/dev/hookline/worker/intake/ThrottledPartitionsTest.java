package dev.hookline.worker.intake;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.hookline.schemas.Subscription;
import dev.hookline.worker.ratelimit.WaitingDeliveries;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottledPartitionsTest {

	private static final TopicPartition PARTITION = new TopicPartition("hookline.deliveries", 0);

	private static final String SUBSCRIPTION = "sub-limited";

	private final RecordingFlowControl flow = new RecordingFlowControl();

	private final PartitionPauses pauses = new PartitionPauses(this.flow);

	/** Five may wait at once. */
	private final WaitingDeliveries waiting = new WaitingDeliveries(5, Duration.ofSeconds(10));

	/** Deliveries waiting for a free slot at their endpoint. */
	private final WaitingDeliveries slots = new WaitingDeliveries(100, Duration.ofSeconds(10));

	private final ThrottledPartitions throttled = new ThrottledPartitions(List.of(this.waiting, this.slots),
			this.pauses);

	private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");

	@BeforeEach
	void assign() {
		this.consumer.assign(List.of(PARTITION));
		this.consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
		// as after a poll that returned offsets 5 to 7
		this.consumer.seek(PARTITION, 8);
	}

	@Test
	void aRecordOfAFullSubscriptionHoldsItsPartitionBackUntilHalfOfItsDeliveriesHaveLeft() {
		startWaiting(5);

		assertThat(this.throttled.holdIfFull(PARTITION, 5, SUBSCRIPTION, this.consumer)).isTrue();
		assertThat(this.consumer.position(PARTITION)).isEqualTo(5);
		assertThat(this.flow.calls).containsExactly("pause " + PARTITION);
		assertThat(this.throttled.count()).isOne();

		stopWaiting(2);
		assertThat(this.flow.calls).containsExactly("pause " + PARTITION);
		stopWaiting(1);
		assertThat(this.flow.calls).containsExactly("pause " + PARTITION, "resume " + PARTITION);
	}

	@Test
	void aRecordOfASubscriptionWithRoomIsNotHeld() {
		startWaiting(4);

		assertThat(this.throttled.holdIfFull(PARTITION, 5, SUBSCRIPTION, this.consumer)).isFalse();
		assertThat(this.throttled.holdIfFull(PARTITION, 6, "sub-other", this.consumer)).isFalse();
		assertThat(this.consumer.position(PARTITION)).isEqualTo(8);
		assertThat(this.flow.calls).isEmpty();
	}

	@Test
	void aRecordOfASubscriptionWithTooManyDeliveriesWaitingForItsEndpointIsHeldToo() {
		for (int i = 0; i < 3; i++) {
			this.slots.started(SUBSCRIPTION, 3);
		}

		assertThat(this.throttled.holdIfFull(PARTITION, 5, SUBSCRIPTION, this.consumer)).isTrue();
		assertThat(this.flow.calls).containsExactly("pause " + PARTITION);
		this.slots.ended(SUBSCRIPTION);
		assertThat(this.flow.calls).containsExactly("pause " + PARTITION);
		this.slots.ended(SUBSCRIPTION);
		assertThat(this.flow.calls).containsExactly("pause " + PARTITION, "resume " + PARTITION);
	}

	@Test
	void recordsFromTheSamePollAfterTheHeldOneAreSkipped() {
		startWaiting(5);
		this.throttled.holdIfFull(PARTITION, 5, SUBSCRIPTION, this.consumer);

		assertThat(this.throttled.holdsBack(PARTITION, 6, this.consumer)).isTrue();
		assertThat(this.throttled.holdsBack(PARTITION, 7, this.consumer)).isTrue();
		assertThat(this.throttled.holdsBack(new TopicPartition("hookline.deliveries", 1), 6, this.consumer)).isFalse();
	}

	@Test
	void theHeldRecordComingBackEndsTheHold() {
		startWaiting(5);
		this.throttled.holdIfFull(PARTITION, 5, SUBSCRIPTION, this.consumer);
		stopWaiting(3);

		// fetched again from the held record on
		this.consumer.seek(PARTITION, 8);
		assertThat(this.throttled.holdsBack(PARTITION, 5, this.consumer)).isFalse();
		assertThat(this.throttled.holdsBack(PARTITION, 6, this.consumer)).isFalse();
		assertThat(this.throttled.count()).isZero();
		assertThat(this.pauses.isPaused(PARTITION)).isFalse();
	}

	@Test
	void aResumptionForAHoldDroppedInARebalanceLiftsNoOtherPause() {
		startWaiting(5);
		this.throttled.holdIfFull(PARTITION, 5, SUBSCRIPTION, this.consumer);

		this.throttled.reset(List.of(PARTITION));
		assertThat(this.throttled.count()).isZero();
		this.pauses.pause(PARTITION, PartitionPauses.Reason.NOT_DUE);
		stopWaiting(5);

		assertThat(this.flow.calls).containsExactly("pause " + PARTITION, "resume " + PARTITION, "pause " + PARTITION);
		assertThat(this.pauses.isPaused(PARTITION)).isTrue();
	}

	@Test
	void aBacklogPauseOutlastsTheRateLimitOne() {
		startWaiting(5);
		this.throttled.holdIfFull(PARTITION, 5, SUBSCRIPTION, this.consumer);
		this.pauses.forBacklog().pause(PARTITION);

		stopWaiting(3);
		assertThat(this.pauses.isPaused(PARTITION)).isTrue();
		assertThat(this.flow.calls).containsExactly("pause " + PARTITION);
	}

	private void startWaiting(int deliveries) {
		Instant now = Instant.parse("2026-03-10T12:00:00Z");
		Subscription subscription = Subscription.newBuilder()
			.setId(SUBSCRIPTION)
			.setTenant("acme")
			.setUrl("https://hooks.example.com/limited")
			.setSecret(ByteBuffer.wrap(new byte[] { 1 }))
			.setEventTypes(List.of("*"))
			.setRateLimit(2)
			.setVersion(1)
			.setCreatedAt(now)
			.setUpdatedAt(now)
			.build();
		for (int i = 0; i < deliveries; i++) {
			this.waiting.started(subscription);
		}
	}

	private void stopWaiting(int deliveries) {
		for (int i = 0; i < deliveries; i++) {
			this.waiting.ended(SUBSCRIPTION);
		}
	}

}
