package dev.hookline.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The completion script, loaded by a real bash, completes commands and the options of a
 * nested command.
 */
class CompletionCommandTest {

	@TempDir
	Path dir;

	@Test
	void bashCompletesCommandsAndTheOptionsOfANestedCommand() throws Exception {
		Path script = this.dir.resolve("hookline.bash");
		Files.writeString(script, CliRun.run("completion").succeeded().out(), StandardCharsets.UTF_8);

		assertThat(complete(script, "hookline", "quar")).containsExactly("quarantine");
		assertThat(complete(script, "hookline", "quarantine", "reinject", "--d")).containsExactly("--dry-run");
		assertThat(complete(script, "hookline", "d")).contains("dlq");
	}

	/** What bash offers for the last word, with the script loaded. */
	private List<String> complete(Path script, String... words) throws IOException, InterruptedException {
		String line = String.join(" ", words);
		String program = "source '" + script + "'\n" + "COMP_WORDS=(" + line + ")\n" + "COMP_CWORD="
				+ (words.length - 1) + "\n" + "COMP_LINE='" + line + "'\n" + "COMP_POINT=${#COMP_LINE}\n"
				+ "_complete_hookline\n" + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
		Process bash = new ProcessBuilder("bash", "-c", program).redirectError(ProcessBuilder.Redirect.DISCARD).start();
		String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
		return out.lines().filter((word) -> !word.isBlank()).toList();
	}

}
