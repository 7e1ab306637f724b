package dev.hookline.worker.intake;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.TopicPartition;

/**
 * Records pause and resume requests in order.
 */
final class RecordingFlowControl implements FlowControl {

	final List<String> calls = new ArrayList<>();

	@Override
	public void pauseIntake() {
		this.calls.add("pause all");
	}

	@Override
	public void resumeIntake() {
		this.calls.add("resume all");
	}

	@Override
	public void pause(TopicPartition partition) {
		this.calls.add("pause " + partition);
	}

	@Override
	public void resume(TopicPartition partition) {
		this.calls.add("resume " + partition);
	}

}
