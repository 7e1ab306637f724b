package dev.hookline.cli.support;

/**
 * The exit codes of every {@code hookline} command. Scripts may rely on them; they are
 * listed in every command's help and in the module's README.
 */
public final class ExitCode {

	/** The command did what it was asked. */
	public static final int OK = 0;

	/** Anything not covered below. */
	public static final int FAILURE = 1;

	/** Bad input: an unknown option, a malformed value, a missing key. */
	public static final int USAGE = 2;

	/** The named delivery, subscription or topic does not exist. */
	public static final int NOT_FOUND = 3;

	/** Kafka or the HTTP API could not be reached. */
	public static final int UNREACHABLE = 4;

	/** The lines of the help section, in picocli's {@code code:description} form. */
	public static final String[] HELP = { "0:success", "1:any other failure", "2:usage error (bad option or value)",
			"3:not found (delivery, subscription, topic)", "4:Kafka or the Hookline API unreachable" };

	private ExitCode() {
	}

}
