package dev.hookline.bench.chaos;

import java.io.IOException;
import java.io.InputStream;

import dev.hookline.router.RouterApplication;

/**
 * The router as a child process of the chaos run, so that it can be killed as a crash
 * would kill it: starts the router with the given arguments, prints {@code READY} once it
 * runs, and exits when its parent closes stdin (or dies).
 */
public final class RouterMain {

	static final String READY = "READY";

	private RouterMain() {
	}

	public static void main(String[] args) {
		Thread watcher = new Thread(RouterMain::exitAtEndOfInput, "parent-watcher");
		watcher.setDaemon(true);
		watcher.start();
		RouterApplication.application().run(args);
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
		System.exit(0);
	}

}
