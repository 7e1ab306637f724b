package dev.hookline.worker.intake;

import java.util.Objects;

import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * {@link FlowControl} through the listener container's pause requests, which its consumer
 * threads honour before each poll, across rebalances too.
 *
 * <p>
 * Bound to the container after both exist, because the container's listener needs this
 * object first.
 */
final class ContainerFlowControl implements FlowControl {

	private volatile @Nullable MessageListenerContainer container;

	void bind(MessageListenerContainer container) {
		this.container = container;
	}

	@Override
	public void pauseIntake() {
		container().pause();
	}

	@Override
	public void resumeIntake() {
		container().resume();
	}

	@Override
	public void pause(TopicPartition partition) {
		container().pausePartition(partition);
	}

	@Override
	public void resume(TopicPartition partition) {
		container().resumePartition(partition);
	}

	private MessageListenerContainer container() {
		return Objects.requireNonNull(this.container, "not bound to a listener container yet");
	}

}
