package dev.hookline.worker.intake;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.common.TopicPartition;

/**
 * Records pause and resume requests in order, and when the last partition was resumed;
 * safe to call from a timer thread while a test reads it.
 */
final class RecordingFlowControl implements FlowControl {

	final List<String> calls = new CopyOnWriteArrayList<>();

	volatile Instant resumedAt = Instant.MIN;

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
		this.resumedAt = Instant.now();
		this.calls.add("resume " + partition);
	}

}
