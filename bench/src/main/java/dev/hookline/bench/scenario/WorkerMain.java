package dev.hookline.bench.scenario;

import java.io.IOException;
import java.io.InputStream;

import dev.hookline.worker.WorkerApplication;

/**
 * The delivery worker as a child process of the benchmark: starts the worker with the
 * given arguments, prints {@code READY} once it runs, and exits when its parent closes
 * stdin (or dies), so no worker outlives a benchmark.
 */
public final class WorkerMain {

	static final String READY = "READY";

	private WorkerMain() {
	}

	public static void main(String[] args) {
		Thread watcher = new Thread(WorkerMain::exitAtEndOfInput, "parent-watcher");
		watcher.setDaemon(true);
		watcher.start();
		WorkerApplication.application().run(args);
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
