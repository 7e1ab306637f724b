package dev.hookline.bench.receiver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A main class of this module in a JVM of its own ({@link ChildCommand}), started and
 * stopped the way the benchmark's children expect: it prints a ready line once it serves,
 * and exits when its stdin ends, so no child outlives this JVM, even killed.
 *
 * <p>
 * Before the ready line the child's output is kept (the last lines only); after it, each
 * line is copied to this JVM's stderr behind the child's name. A child that exits before
 * its ready line, or does not print it in time, is destroyed and {@link #start} fails
 * with {@link IllegalStateException} carrying the lines it printed.
 */
public final class ChildProcess implements AutoCloseable {

	private static final int KEPT_LINES = 60;

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

	private final String name;

	private final Process process;

	private final String readyLine;

	private ChildProcess(String name, Process process, String readyLine) {
		this.name = name;
		this.process = process;
		this.readyLine = readyLine;
	}

	/**
	 * Starts the child and waits for its ready line.
	 * @param name shown before its output lines and in failures
	 * @param jvmOptions options of the child JVM, e.g. {@code -Xmx512m}
	 * @param environment variables set for the child on top of this process's own
	 * @param mainClass the child's main class
	 * @param arguments the child's arguments
	 * @param isReady recognises the line the child prints once it serves
	 * @param timeout how long the child may take to print it
	 */
	public static ChildProcess start(String name, List<String> jvmOptions, Map<String, String> environment,
			String mainClass, List<String> arguments, Predicate<String> isReady, Duration timeout) {
		return start(name, jvmOptions, environment, mainClass, arguments, isReady, timeout, (line) -> {
		});
	}

	/**
	 * Starts the child and waits for its ready line, and shows every line it prints after
	 * that to {@code onLine} too.
	 * @param onLine called with each line after the ready line, on the thread that copies
	 * them
	 */
	public static ChildProcess start(String name, List<String> jvmOptions, Map<String, String> environment,
			String mainClass, List<String> arguments, Predicate<String> isReady, Duration timeout,
			Consumer<String> onLine) {
		List<String> command = ChildCommand.of(jvmOptions, mainClass, arguments);
		Process process;
		try {
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
			builder.environment().putAll(environment);
			process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start " + name + ": " + command, ex);
		}
		CompletableFuture<String> ready = new CompletableFuture<>();
		Thread output = new Thread(() -> copyOutput(name, process, isReady, ready, onLine), name + "-output");
		output.setDaemon(true);
		output.start();
		try {
			return new ChildProcess(name, process, ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			throw new IllegalStateException("interrupted while " + name + " started", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			process.destroyForcibly();
			throw new IllegalStateException(
					name + " did not start: "
							+ ((ex.getCause() != null) ? ex.getCause().getMessage() : "not ready within " + timeout),
					ex);
		}
	}

	public String name() {
		return this.name;
	}

	/** The line by which the child said it was ready. */
	public String readyLine() {
		return this.readyLine;
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** Kills the process at once ({@code SIGKILL}): no shutdown hook runs. */
	public void kill() {
		this.process.destroyForcibly();
		waitForExit();
	}

	/**
	 * Stops the child cleanly (end of its stdin) and waits for it to exit; kills it if it
	 * is still running a minute later.
	 */
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
			if (!this.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	private static void copyOutput(String name, Process process, Predicate<String> isReady,
			CompletableFuture<String> ready, Consumer<String> onLine) {
		Deque<String> early = new ArrayDeque<>();
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				if (!ready.isDone() && isReady.test(line)) {
					ready.complete(line);
				}
				else if (!ready.isDone()) {
					early.addLast(line);
					if (early.size() > KEPT_LINES) {
						early.removeFirst();
					}
				}
				else {
					System.err.println("[" + name + "] " + line);
					onLine.accept(line);
				}
			}
		}
		catch (IOException ex) {
			// the process is gone; whoever waits for the ready line learns it below
		}
		ready.completeExceptionally(
				new IllegalStateException("it exited before it was ready; its output:\n" + String.join("\n", early)));
	}

}
