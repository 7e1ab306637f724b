package dev.hookline.cli.support;

import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

import org.apache.kafka.common.errors.TimeoutException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place that decides what a failure means: it prints one line to stderr,
 * {@code hookline: <what went wrong>}, and returns the {@link ExitCode}. A stack trace is
 * printed only with {@code --verbose}.
 */
public final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

	@Override
	public int handleParseException(ParameterException ex, String[] args) {
		CommandLine command = ex.getCommandLine();
		String help = command.getCommandSpec().qualifiedName() + " --help";
		print(command.getErr(), oneLine(ex.getMessage()) + " (see '" + help + "')", null, false);
		return ExitCode.USAGE;
	}

	@Override
	public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
		CliContext context = CliContext.of(command.getCommandSpec());
		boolean verbose = verbose(context);
		if (ex instanceof ParameterException parameter) {
			return handleParseException(parameter, new String[0]);
		}
		CliException failure = classify(ex, context);
		print(command.getErr(), oneLine(failure.getMessage()), ex, verbose);
		return failure.exitCode();
	}

	/** What a failure means to the user; package-private for tests. */
	static CliException classify(Throwable ex, CliContext context) {
		CliException known = find(ex, CliException.class);
		if (known != null) {
			return known;
		}
		if (find(ex, InterruptedException.class) != null) {
			Thread.currentThread().interrupt();
			return CliException.failed("interrupted", ex);
		}
		if (find(ex, TimeoutException.class) != null) {
			return CliException.unreachable("cannot reach Kafka at " + bootstrapServers(context)
					+ " (no answer in time: is the broker running?)", ex);
		}
		if (find(ex, HttpConnectTimeoutException.class) != null || find(ex, ConnectException.class) != null
				|| find(ex, UnresolvedAddressException.class) != null) {
			return CliException.unreachable("cannot reach the Hookline API at " + api(context), ex);
		}
		if (find(ex, HttpTimeoutException.class) != null) {
			return CliException.unreachable("the Hookline API at " + api(context) + " did not answer in time", ex);
		}
		String detail = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		return CliException.failed(detail + " (" + ex.getClass().getSimpleName() + "; --verbose shows the stack trace)",
				ex);
	}

	private static void print(PrintWriter err, String message, @Nullable Throwable ex, boolean verbose) {
		err.println("hookline: " + message);
		if (verbose && ex != null) {
			ex.printStackTrace(err);
		}
		err.flush();
	}

	private static <T extends Throwable> @Nullable T find(Throwable ex, Class<T> type) {
		for (Throwable t = ex; t != null; t = (t.getCause() == t) ? null : t.getCause()) {
			if (type.isInstance(t)) {
				return type.cast(t);
			}
		}
		return null;
	}

	static String oneLine(@Nullable String message) {
		if (message == null || message.isBlank()) {
			return "failed";
		}
		return message.strip().replaceAll("\\s*\\R\\s*", " ");
	}

	// the settings themselves may be what failed; the message must not fail again

	private static boolean verbose(CliContext context) {
		try {
			return context.verbose();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static String bootstrapServers(CliContext context) {
		try {
			return context.kafka().bootstrapServers();
		}
		catch (RuntimeException ex) {
			return "the configured address";
		}
	}

	private static String api(CliContext context) {
		try {
			return context.api().toString();
		}
		catch (RuntimeException ex) {
			return "the configured address";
		}
	}

}
