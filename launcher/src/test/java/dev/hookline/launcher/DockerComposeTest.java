package dev.hookline.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What can be checked of {@code docker-compose.yml} without a Docker engine: every
 * service it builds is a module of this build, with a main class, and gets the settings
 * every service needs.
 */
class DockerComposeTest {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	@Test
	void everyServiceItBuildsIsAModuleOfTheBuild() throws Exception {
		String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
		String rootPom = Files.readString(ROOT.resolve("pom.xml"));
		List<String> modules = modulesBuilt(compose);

		assertThat(modules).containsExactlyInAnyOrder("ingest-service", "router-streams", "delivery-worker");
		for (String module : modules) {
			assertThat(rootPom).contains("<module>" + module + "</module>");
			assertThat(Files.readString(ROOT.resolve(module).resolve("pom.xml"))).contains("<goal>repackage</goal>")
				.contains("<classifier>exec</classifier>");
			assertThat(compose).contains("\n  " + module + ":\n");
		}
	}

	@Test
	void theDockerfileCopiesTheJarEachModuleBuilds() throws Exception {
		String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));

		assertThat(dockerfile).contains("COPY ${MODULE}/target/${MODULE}-0.1.0-SNAPSHOT-exec.jar");
		assertThat(Files.readString(ROOT.resolve("pom.xml"))).contains("<version>0.1.0-SNAPSHOT</version>");
	}

	@Test
	void servicesThatShareSecretsShareTheKeysetVolume() throws Exception {
		String compose = Files.readString(ROOT.resolve("docker-compose.yml"));

		assertThat(compose).contains("HOOKLINE_KAFKA_BOOTSTRAPSERVERS: kafka:9092")
			.contains("HOOKLINE_CRYPTO_KEYSETFILE: /var/lib/hookline/keys/keyset.json");
		for (String service : List.of("ingest-service", "delivery-worker")) {
			String block = compose.substring(compose.indexOf("\n  " + service + ":\n"));
			block = block.substring(0, block.indexOf("depends_on"));
			assertThat(block).as(service).contains("hookline-keys:/var/lib/hookline/keys");
		}
	}

	private static List<String> modulesBuilt(String compose) {
		Matcher matcher = Pattern.compile("MODULE: ([a-z-]+)").matcher(compose);
		return matcher.results().map(m -> m.group(1)).toList();
	}

}
