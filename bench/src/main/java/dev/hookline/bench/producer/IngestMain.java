package dev.hookline.bench.producer;

import dev.hookline.bench.receiver.ChildMain;
import dev.hookline.ingest.IngestApplication;

/**
 * The ingest service as a child process of the producer's-path bench: starts it with the
 * given arguments, prints {@code READY} once it serves, and exits when its parent closes
 * stdin (or dies) ({@link ChildMain}).
 */
public final class IngestMain {

	private IngestMain() {
	}

	public static void main(String[] args) {
		ChildMain.run(() -> IngestApplication.application().run(args));
	}

}
