package dev.hookline.bench.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.hookline.bench.receiver.ChildProcess;
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

	private final ChildProcess process;

	private WorkerProcess(ChildProcess process) {
		this.process = process;
	}

	/**
	 * Starts a worker.
	 * @param name shown before its output lines
	 * @param jvmOptions e.g. {@code -Xmx512m}
	 * @param environment variables set for the worker, e.g. {@code MALLOC_ARENA_MAX}
	 * @param properties worker properties, e.g. {@code hookline.worker.max-in-flight}
	 */
	public static WorkerProcess start(String name, List<String> jvmOptions, Map<String, String> environment,
			Map<String, String> properties) {
		return start(name, jvmOptions, environment, properties, (line) -> {
		});
	}

	/**
	 * Starts a worker, and shows {@code onLine} every line it prints once it runs.
	 */
	public static WorkerProcess start(String name, List<String> jvmOptions, Map<String, String> environment,
			Map<String, String> properties, Consumer<String> onLine) {
		List<String> arguments = new ArrayList<>();
		properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		return new WorkerProcess(ChildProcess.start(name, jvmOptions, environment, WorkerMain.class.getName(),
				arguments, WorkerMain.READY::equals, START_TIMEOUT, onLine));
	}

	public String name() {
		return this.process.name();
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
		this.process.kill();
	}

	/** Stops the worker cleanly (end of its stdin) and waits for it to exit. */
	@Override
	public void close() {
		this.process.close();
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
