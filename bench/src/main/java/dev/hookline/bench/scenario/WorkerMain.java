package dev.hookline.bench.scenario;

import dev.hookline.bench.receiver.ChildMain;
import dev.hookline.worker.WorkerApplication;

/**
 * The delivery worker as a child process of the benchmark: starts the worker with the
 * given arguments, prints {@code READY} once it runs, and exits when its parent closes
 * stdin (or dies), so no worker outlives a benchmark ({@link ChildMain}).
 */
public final class WorkerMain {

	static final String READY = ChildMain.READY;

	private WorkerMain() {
	}

	public static void main(String[] args) {
		ChildMain.run(() -> WorkerApplication.application().run(args));
	}

}
