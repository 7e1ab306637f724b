package dev.hookline.bench.receiver;

import java.io.IOException;
import java.io.InputStream;

/**
 * What every child process of the benchmark and the chaos run does in its main method:
 * starts its application, prints {@link #READY} once it runs, and exits when its parent
 * closes stdin (or dies), so that no child outlives the JVM that started it.
 */
public final class ChildMain {

	/** The line a child prints once it runs. */
	public static final String READY = "READY";

	private ChildMain() {
	}

	/** Runs the application, then announces it; exits at the end of stdin. */
	public static void run(Runnable application) {
		Thread watcher = new Thread(ChildMain::exitAtEndOfInput, "parent-watcher");
		watcher.setDaemon(true);
		watcher.start();
		application.run();
		System.out.println(READY);
	}

	private static void exitAtEndOfInput() {
		try (InputStream in = System.in) {
			while (in.read() >= 0) {
				// the parent writes nothing; end of input means it has gone
			}
		}
		catch (IOException ex) {
			// same as end of input
		}
		// a clean shutdown, as a supervisor's SIGTERM would give
		System.exit(0);
	}

}
