package dev.hookline.bench.load;

import java.util.concurrent.CompletionStage;

/**
 * Sends one unit of load for the {@link OpenLoop} without blocking.
 *
 * <p>
 * The call must return quickly (it runs on the single scheduler thread) and complete the
 * stage when the send is done: normally on success, exceptionally on failure. Every stage
 * must complete eventually (the sender applies its own timeout), or a generator waiting
 * for capacity waits forever. An exception thrown by the call itself counts as a failed
 * send.
 */
@FunctionalInterface
public interface Sender {

	/**
	 * Starts the send number {@code seq}.
	 * @param seq the position in the schedule, from 0
	 * @param intendedEpochMicros when the schedule meant this send to happen (the
	 * {@code t0} an event carries), even when it is issued late
	 * @return completes when the send is acknowledged
	 */
	CompletionStage<?> send(long seq, long intendedEpochMicros);

}
