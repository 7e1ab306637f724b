package dev.hookline.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A command-line tool the tests call, from a Debian package that {@code .ci/run}
 * installs: run in a folder, its output and exit status returned. When it is not
 * installed the test fails, saying which package to install, rather than skip.
 */
final class InstalledTool {

	/**
	 * What the command printed (standard output and error together) and its exit status.
	 */
	record Result(int exit, String output) {
	}

	private InstalledTool() {
	}

	/**
	 * @param debianPackage the package that provides the command
	 * @param environment changes to the command's environment
	 */
	static Result run(Path dir, String debianPackage, Consumer<Map<String, String>> environment, List<String> command)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
		environment.accept(builder.environment());
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			fail(command.get(0) + " is not installed: install Debian's " + debianPackage
					+ " package (apt-get install -y " + debianPackage + "), as .ci/run does");
			throw ex;
		}
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(command.get(0) + " ends").isTrue();
		return new Result(process.exitValue(), output);
	}

}
