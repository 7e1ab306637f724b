package dev.hookline.bench.chaos;

import dev.hookline.bench.receiver.ChildMain;
import dev.hookline.router.RouterApplication;

/**
 * The router as a child process of the chaos run, so that it can be killed as a crash
 * would kill it: starts the router with the given arguments, prints {@code READY} once it
 * runs, and exits when its parent closes stdin (or dies) ({@link ChildMain}).
 */
public final class RouterMain {

	static final String READY = ChildMain.READY;

	private RouterMain() {
	}

	public static void main(String[] args) {
		ChildMain.run(() -> RouterApplication.application().run(args));
	}

}
