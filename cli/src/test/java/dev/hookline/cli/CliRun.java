package dev.hookline.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One in-process run of the command line, exactly as {@code main} builds it, with what it
 * printed.
 *
 * @param exitCode what the process would exit with
 * @param out what it printed on stdout
 * @param err what it printed on stderr
 */
record CliRun(int exitCode, String out, String err) {

	static CliRun run(Map<String, String> env, String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		CommandLine cli = HooklineCli.commandLine(env, Clock.systemUTC());
		cli.setOut(new PrintWriter(out, true));
		cli.setErr(new PrintWriter(err, true));
		int code = cli.execute(args);
		return new CliRun(code, out.toString(), err.toString());
	}

	static CliRun run(String... args) {
		return run(Map.of(), args);
	}

	List<String> errLines() {
		return this.err.lines().toList();
	}

	/** Asserts the run succeeded and printed nothing on stderr. */
	CliRun succeeded() {
		assertThat(this.exitCode).as("exit code; stderr: %s", this.err).isZero();
		assertThat(this.err).isEmpty();
		return this;
	}

	/**
	 * Asserts the run failed with {@code code} and exactly one line on stderr, with no
	 * stack trace, and returns that line.
	 */
	String failedWith(int code) {
		assertThat(this.exitCode).as("exit code; stderr: %s", this.err).isEqualTo(code);
		assertThat(errLines()).hasSize(1);
		assertThat(errLines().get(0)).startsWith("hookline: ").doesNotContain("Exception");
		assertThat(this.err).doesNotContainPattern("\\bat [a-z]+\\.[\\w.$]+\\(");
		assertThat(this.out).isEmpty();
		return errLines().get(0);
	}

}
