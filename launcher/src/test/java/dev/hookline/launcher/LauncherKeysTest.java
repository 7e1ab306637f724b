package dev.hookline.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keys of the embedded mode: generated once and kept, an operator key added to the
 * file an earlier release wrote without changing the others, the environment first.
 */
class LauncherKeysTest {

	@TempDir
	Path home;

	@Test
	void aFirstRunGeneratesTheThreeKeysAndLaterRunsKeepThem() throws IOException {
		Properties first = Launcher.keys(this.home, Map.of());
		assertThat(first.getProperty("producer")).startsWith("hk_prod_");
		assertThat(first.getProperty("admin")).startsWith("hk_admin_");
		assertThat(first.getProperty("operator")).startsWith("hk_operator_");

		assertThat(Launcher.keys(this.home, Map.of())).isEqualTo(first);
	}

	@Test
	void aFileOfAnEarlierReleaseGetsAnOperatorKeyAndKeepsItsOwn() throws IOException {
		Files.writeString(this.home.resolve("keys.properties"), "producer=hk_prod_old\nadmin=hk_admin_old\n");

		Properties keys = Launcher.keys(this.home, Map.of());

		assertThat(keys.getProperty("producer")).isEqualTo("hk_prod_old");
		assertThat(keys.getProperty("admin")).isEqualTo("hk_admin_old");
		assertThat(keys.getProperty("operator")).startsWith("hk_operator_");
		assertThat(Files.readString(this.home.resolve("keys.properties"))).contains(keys.getProperty("operator"));
	}

	@Test
	void theEnvironmentWinsOverTheFile() throws IOException {
		Properties keys = Launcher.keys(this.home, Map.of("HOOKLINE_OPERATOR_KEY", "hk_operator_mine"));

		assertThat(keys.getProperty("operator")).isEqualTo("hk_operator_mine");
	}

}
