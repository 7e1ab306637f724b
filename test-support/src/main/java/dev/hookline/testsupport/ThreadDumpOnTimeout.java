package dev.hookline.testsupport;

import java.util.Map;
import java.util.concurrent.TimeoutException;

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

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
		if (isTimeout(failure)) {
			StringBuilder dump = new StringBuilder("=== threads when ").append(context.getDisplayName())
				.append(" timed out ===\n");
			for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
				Thread thread = entry.getKey();
				dump.append('"').append(thread.getName()).append("\" ").append(thread.getState()).append('\n');
				StackTraceElement[] frames = entry.getValue();
				for (int i = 0; i < Math.min(FRAMES, frames.length); i++) {
					dump.append("    at ").append(frames[i]).append('\n');
				}
			}
			System.err.print(dump);
			// the console shows the failure's trace, not the test's output: the threads
			// that carry requests and Reactor's work travel with it
			failure.addSuppressed(new ThreadStacks(reactive()));
		}
		throw failure;
	}

	/**
	 * The stacks of Reactor's and Netty's threads, where a request that never answered
	 * waits.
	 */
	private static String reactive() {
		StringBuilder stacks = new StringBuilder("Reactor and Netty threads at the timeout:\n");
		for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
			String name = entry.getKey().getName();
			if (name.startsWith("parallel-") || name.startsWith("boundedElastic-") || name.startsWith("reactor-http-")
					|| name.startsWith("webflux-http-")) {
				stacks.append('"').append(name).append("\" ").append(entry.getKey().getState()).append('\n');
				StackTraceElement[] frames = entry.getValue();
				for (int i = 0; i < Math.min(12, frames.length); i++) {
					stacks.append("    at ").append(frames[i]).append('\n');
				}
			}
		}
		return stacks.toString();
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
