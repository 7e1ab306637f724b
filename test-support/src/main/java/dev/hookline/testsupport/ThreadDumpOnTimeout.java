package dev.hookline.testsupport;

import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Prints every thread's stack to standard error when a test fails by waiting too long,
 * then lets the failure through: a request that never answered leaves nothing in the
 * logs, and the stacks say what held it. Registered for a module's tests through
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension} and
 * {@code junit.jupiter.extensions.autodetection.enabled=true}.
 */
public final class ThreadDumpOnTimeout implements TestExecutionExceptionHandler {

	private static final int FRAMES = 40;

	private static final int REACTIVE_FRAMES = 12;

	private static final Pattern REACTIVE = Pattern.compile("parallel-|boundedElastic-|reactor-http-|webflux-http-");

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
		if (isTimeout(failure)) {
			Map<Thread, StackTraceElement[]> threads = Thread.getAllStackTraces();
			StringBuilder dump = new StringBuilder("=== threads when ").append(context.getDisplayName())
				.append(" timed out ===\n");
			threads.forEach((thread, frames) -> append(dump, thread, frames, FRAMES));
			System.err.print(dump);
			// the console shows the failure's trace, not the test's output: the stacks of
			// Reactor's and Netty's threads, where a request that never answered waits,
			// travel with it
			StringBuilder reactive = new StringBuilder("Reactor and Netty threads at the timeout:\n");
			threads.forEach((thread, frames) -> {
				if (REACTIVE.matcher(thread.getName()).lookingAt()) {
					append(reactive, thread, frames, REACTIVE_FRAMES);
				}
			});
			failure.addSuppressed(new ThreadStacks(reactive.toString()));
		}
		throw failure;
	}

	private static void append(StringBuilder out, Thread thread, StackTraceElement[] frames, int limit) {
		out.append('"').append(thread.getName()).append("\" ").append(thread.getState()).append('\n');
		for (int i = 0; i < Math.min(limit, frames.length); i++) {
			out.append("    at ").append(frames[i]).append('\n');
		}
	}

	/**
	 * Stacks carried as a suppressed exception of the failure; it has no trace of its
	 * own.
	 */
	private static final class ThreadStacks extends RuntimeException {

		ThreadStacks(String stacks) {
			super(stacks, null, false, false);
		}

	}

	/** Whether the failure, or one of its causes, is a wait that ran out of time. */
	static boolean isTimeout(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
				return true;
			}
		}
		return false;
	}

}
