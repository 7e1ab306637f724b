package dev.hookline.schemas;

import java.util.concurrent.ThreadFactory;

/**
 * Threads for a service's own timers and loops, which must not keep the JVM alive after
 * the application context closed.
 */
public final class DaemonThreads {

	private DaemonThreads() {
	}

	/** Makes daemon threads of that name (for executors of a single thread). */
	public static ThreadFactory named(String name) {
		return (task) -> {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			return thread;
		};
	}

}
