package dev.hookline.router;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * What a failed stream thread means: it is replaced (with exactly-once, its open
 * transaction is aborted and the replacement resumes from the last commit) at most
 * {@link #MAX_REPLACEMENTS} times within {@link #WINDOW}. A thread failing more often
 * than that fails for a reason a new thread will not fix, and replacing it over and over
 * would look alive while routing nothing: the client shuts down instead, its state goes
 * to {@code ERROR}, and the router exits non-zero for its supervisor to see.
 */
final class ThreadFailures {

	static final int MAX_REPLACEMENTS = 3;

	static final Duration WINDOW = Duration.ofMinutes(10);

	private final Deque<Instant> replaced = new ArrayDeque<>();

	private final Clock clock;

	ThreadFailures(Clock clock) {
		this.clock = clock;
	}

	synchronized StreamThreadExceptionResponse failed() {
		Instant now = this.clock.instant();
		while (!this.replaced.isEmpty() && !this.replaced.peekFirst().isAfter(now.minus(WINDOW))) {
			this.replaced.pollFirst();
		}
		if (this.replaced.size() >= MAX_REPLACEMENTS) {
			return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
		}
		this.replaced.add(now);
		return StreamThreadExceptionResponse.REPLACE_THREAD;
	}

}
