package dev.hookline.cli.support;

import org.jspecify.annotations.Nullable;

/**
 * A failure the user should read as one line, with the exit code it ends the command
 * with. Commands throw it; {@link ErrorHandler} prints it.
 */
public final class CliException extends RuntimeException {

	private final int exitCode;

	private CliException(int exitCode, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.exitCode = exitCode;
	}

	/** Bad input; exit code {@value ExitCode#USAGE}. */
	public static CliException usage(String message) {
		return new CliException(ExitCode.USAGE, message, null);
	}

	/** Something named does not exist; exit code {@value ExitCode#NOT_FOUND}. */
	public static CliException notFound(String message) {
		return new CliException(ExitCode.NOT_FOUND, message, null);
	}

	/** Kafka or the API did not answer; exit code {@value ExitCode#UNREACHABLE}. */
	public static CliException unreachable(String message, @Nullable Throwable cause) {
		return new CliException(ExitCode.UNREACHABLE, message, cause);
	}

	/** Any other failure; exit code {@value ExitCode#FAILURE}. */
	public static CliException failed(String message, @Nullable Throwable cause) {
		return new CliException(ExitCode.FAILURE, message, cause);
	}

	public int exitCode() {
		return this.exitCode;
	}

}
