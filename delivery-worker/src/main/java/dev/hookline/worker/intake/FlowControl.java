package dev.hookline.worker.intake;

import org.apache.kafka.common.TopicPartition;

/**
 * Pauses and resumes fetching. Safe to call from any thread; the consumer thread applies
 * the change before its next poll.
 */
interface FlowControl {

	/** Stop fetching from every partition of this worker. */
	void pauseIntake();

	void resumeIntake();

	/** Stop fetching from one partition. */
	void pause(TopicPartition partition);

	void resume(TopicPartition partition);

}
