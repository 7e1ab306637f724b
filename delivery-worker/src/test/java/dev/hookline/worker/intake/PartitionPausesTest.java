package dev.hookline.worker.intake;

import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionPausesTest {

	private static final TopicPartition PARTITION = new TopicPartition("hookline.deliveries.retry.5m", 1);

	private final RecordingFlowControl flow = new RecordingFlowControl();

	private final PartitionPauses pauses = new PartitionPauses(this.flow);

	@Test
	void aPartitionStaysPausedWhileAnyReasonToPauseItHolds() {
		this.pauses.pause(PARTITION, PartitionPauses.Reason.NOT_DUE);
		this.pauses.forBacklog().pause(PARTITION);
		this.pauses.resume(PARTITION, PartitionPauses.Reason.NOT_DUE);
		assertThat(this.flow.calls).containsExactly("pause " + PARTITION);
		assertThat(this.pauses.isPaused(PARTITION)).isTrue();

		this.pauses.forBacklog().resume(PARTITION);
		assertThat(this.flow.calls).containsExactly("pause " + PARTITION, "resume " + PARTITION);
		assertThat(this.pauses.isPaused(PARTITION)).isFalse();
	}

	@Test
	void resumingForAReasonThatDoesNotHoldChangesNothing() {
		this.pauses.pause(PARTITION, PartitionPauses.Reason.BACKLOG);
		this.pauses.resume(PARTITION, PartitionPauses.Reason.NOT_DUE);

		assertThat(this.flow.calls).containsExactly("pause " + PARTITION);
	}

	@Test
	void clearingAPartitionResumesItWhateverHeldIt() {
		this.pauses.pause(PARTITION, PartitionPauses.Reason.BACKLOG);
		this.pauses.pause(PARTITION, PartitionPauses.Reason.NOT_DUE);
		this.pauses.clear(PARTITION);
		this.pauses.resume(PARTITION, PartitionPauses.Reason.BACKLOG);

		assertThat(this.flow.calls).isEqualTo(List.of("pause " + PARTITION, "resume " + PARTITION));
		assertThat(this.pauses.isPaused(PARTITION)).isFalse();
	}

	@Test
	void wholeIntakePausesPassStraightThrough() {
		this.pauses.forBacklog().pauseIntake();
		this.pauses.forBacklog().resumeIntake();

		assertThat(this.flow.calls).containsExactly("pause all", "resume all");
	}

}
