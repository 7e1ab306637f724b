package dev.hookline.worker.intake;

import org.apache.kafka.clients.consumer.Consumer;

import org.springframework.kafka.listener.CommonLoggingErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Logs what goes wrong in the listener container, and has every acknowledged offset
 * committed again after an error outside the listener, such as a commit that timed out.
 *
 * <p>
 * spring-kafka clears the offsets it is about to commit before committing them, so a
 * commit that fails (a {@code TimeoutException} while the group coordinator is away, a
 * {@code CommitFailedException}) loses them, and no later acknowledgment brings back the
 * offsets of a partition that receives nothing more. Such errors reach
 * {@link #handleOtherException}; each one here has {@link DeliveryIntake} acknowledge its
 * partitions' last records again, so the next poll commits them, and the next error again
 * until a commit succeeds. Listener errors are only logged, and the record never
 * acknowledged: the listener handles its own failures, and acknowledging after one would
 * commit past deliveries still in flight.
 */
final class CommitRetryingErrorHandler extends CommonLoggingErrorHandler {

	private final DeliveryIntake intake;

	CommitRetryingErrorHandler(DeliveryIntake intake) {
		this.intake = intake;
		setAckAfterHandle(false);
	}

	@Override
	public void handleOtherException(Exception thrownException, Consumer<?, ?> consumer,
			MessageListenerContainer container, boolean batchListener) {
		super.handleOtherException(thrownException, consumer, container, batchListener);
		this.intake.commitMayHaveFailed();
	}

}
