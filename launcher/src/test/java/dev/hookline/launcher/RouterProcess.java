package dev.hookline.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The router running as an operating-system process of its own, so that a test can kill
 * it the way a crash would: SIGKILL, with no shutdown hook, no clean close and no final
 * commit.
 */
final class RouterProcess implements AutoCloseable {

	private final Process process;

	private RouterProcess(Process process) {
		this.process = process;
	}

	static RouterProcess start(Map<String, Object> properties, Path log) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add("dev.hookline.router.RouterApplication");
		properties.forEach((name, value) -> command.add("--" + name + "=" + value));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		return new RouterProcess(process);
	}

	/** Kills the process at once, as a crash would. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				this.process.destroyForcibly();
				Thread.currentThread().interrupt();
			}
		}
	}

}
