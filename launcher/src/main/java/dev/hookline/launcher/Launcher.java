package dev.hookline.launcher;

/**
 * Starts the embedded mode.
 */
public final class Launcher {

	private Launcher() {
	}

	public static void main(String[] args) {
		throw new UnsupportedOperationException("not yet");
	}

}
