package dev.hookline.bench.scenario;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.hookline.bench.receiver.ChildCommand;
import org.jspecify.annotations.Nullable;

/**
 * One delivery worker in a JVM of its own, so that its memory can be read from the
 * operating system ({@code VmRSS}) and the process can be killed as a crash would kill
 * it.
 *
 * <p>
 * {@link #start} returns once the worker's context runs; a worker that does not start
 * within two minutes is destroyed and the failure carries its last output lines.
 */
public final class WorkerProcess implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

	private final String name;

	private final Process process;

	private WorkerProcess(String name, Process process) {
		this.name = name;
		this.process = process;
	}

	/**
	 * Starts a worker.
	 * @param name shown before its output lines
	 * @param jvmOptions e.g. {@code -Xmx512m}
	 * @param properties worker properties, e.g. {@code hookline.worker.max-in-flight}
	 */
	public static WorkerProcess start(String name, List<String> jvmOptions, Map<String, String> properties) {
		List<String> arguments = new ArrayList<>();
		properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		List<String> command = ChildCommand.of(jvmOptions, WorkerMain.class.getName(), arguments);
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start a worker: " + command, ex);
		}
		CompletableFuture<Void> ready = new CompletableFuture<>();
		Thread output = new Thread(() -> copyOutput(name, process, ready), name + "-output");
		output.setDaemon(true);
		output.start();
		try {
			ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			return new WorkerProcess(name, process);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			throw new IllegalStateException("interrupted while " + name + " started", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			process.destroyForcibly();
			throw new IllegalStateException(name + " did not start: "
					+ ((ex.getCause() != null) ? ex.getCause().getMessage() : "not ready within " + START_TIMEOUT), ex);
		}
	}

	public String name() {
		return this.name;
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * The resident set size in MB, from {@code /proc/<pid>/status}; null where there is
	 * no {@code /proc} or the process has exited.
	 */
	public @Nullable Double rssMb() {
		return Rss.megabytes(Path.of("/proc", Long.toString(pid()), "status"));
	}

	/** Kills the process at once ({@code SIGKILL}): no shutdown hook, no commit. */
	public void kill() {
		this.process.destroyForcibly();
		waitForExit();
	}

	private static void copyOutput(String name, Process process, CompletableFuture<Void> ready) {
		List<String> early = new ArrayList<>();
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				if (!ready.isDone() && line.equals(WorkerMain.READY)) {
					ready.complete(null);
				}
				else if (!ready.isDone()) {
					early.add(line);
					if (early.size() > 60) {
						early.remove(0);
					}
				}
				else {
					System.err.println("[" + name + "] " + line);
				}
			}
		}
		catch (IOException ex) {
			// the process is gone; whoever waits for READY learns it below
		}
		ready.completeExceptionally(
				new IllegalStateException("it exited before it was ready; its output:\n" + String.join("\n", early)));
	}

	/** Stops the worker cleanly (end of its stdin) and waits for it to exit. */
	@Override
	public void close() {
		try {
			this.process.getOutputStream().close();
		}
		catch (IOException ex) {
			// already gone
		}
		waitForExit();
	}

	private void waitForExit() {
		try {
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	/** Reads {@code VmRSS} from a {@code /proc/<pid>/status} file. */
	static final class Rss {

		private Rss() {
		}

		static @Nullable Double megabytes(Path status) {
			try {
				for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
					if (line.startsWith("VmRSS:")) {
						// "VmRSS: 123456 kB"
						String kb = line.substring("VmRSS:".length()).replace("kB", "").trim();
						return Long.parseLong(kb) / 1024.0;
					}
				}
				return null;
			}
			catch (IOException | NumberFormatException ex) {
				return null;
			}
		}

	}

}
