package dev.hookline.worker.intake;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;

/**
 * Keeps a partition paused while any reason to pause it holds, and resumes it when none
 * does: a backlog of records behind a slow one ({@link PartitionProgress}), a head record
 * not due yet ({@link ParkedPartitions}) and a head record whose subscription has too
 * many deliveries waiting for their turn ({@link ThrottledPartitions}) come and go
 * independently, and none may lift another's pause.
 */
final class PartitionPauses {

	enum Reason {

		/** Too many records wait to be committable behind one in flight. */
		BACKLOG,

		/** The partition's next record is not due yet. */
		NOT_DUE,

		/**
		 * The subscription of the partition's next record has as many deliveries waiting
		 * for their turn (a rate-limit slot, or a free slot under its endpoint's
		 * concurrency cap) as it may.
		 */
		SUBSCRIPTION_FULL

	}

	private final FlowControl flow;

	private final Map<TopicPartition, Set<Reason>> reasons = new HashMap<>();

	PartitionPauses(FlowControl flow) {
		this.flow = flow;
	}

	synchronized void pause(TopicPartition partition, Reason reason) {
		Set<Reason> held = this.reasons.computeIfAbsent(partition, (p) -> EnumSet.noneOf(Reason.class));
		if (held.isEmpty()) {
			this.flow.pause(partition);
		}
		held.add(reason);
	}

	synchronized void resume(TopicPartition partition, Reason reason) {
		Set<Reason> held = this.reasons.get(partition);
		if (held != null && held.remove(reason) && held.isEmpty()) {
			this.reasons.remove(partition);
			this.flow.resume(partition);
		}
	}

	/**
	 * Drops every reason and asks for the partition to be resumed: it was just assigned,
	 * or taken away, and a pause requested before must not outlive that.
	 */
	synchronized void clear(TopicPartition partition) {
		this.reasons.remove(partition);
		this.flow.resume(partition);
	}

	synchronized boolean isPaused(TopicPartition partition) {
		return this.reasons.containsKey(partition);
	}

	/**
	 * Flow control whose partition pauses are {@link Reason#BACKLOG} pauses; whole-intake
	 * pauses pass straight through.
	 */
	FlowControl forBacklog() {
		return new FlowControl() {

			@Override
			public void pauseIntake() {
				PartitionPauses.this.flow.pauseIntake();
			}

			@Override
			public void resumeIntake() {
				PartitionPauses.this.flow.resumeIntake();
			}

			@Override
			public void pause(TopicPartition partition) {
				PartitionPauses.this.pause(partition, Reason.BACKLOG);
			}

			@Override
			public void resume(TopicPartition partition) {
				PartitionPauses.this.resume(partition, Reason.BACKLOG);
			}

		};
	}

}
