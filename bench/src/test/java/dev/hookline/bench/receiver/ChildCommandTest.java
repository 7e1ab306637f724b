package dev.hookline.bench.receiver;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ChildCommandTest {

	@Test
	void aPlainClasspathRunsTheMainClassDirectly() {
		List<String> command = ChildCommand.of("/jdk", "/a/classes:/a/lib.jar", List.of("-Xmx512m"), "x.Main",
				List.of("--port", "0"));
		assertThat(command).containsExactly(Path.of("/jdk", "bin", "java").toString(), "-Xmx512m", "-cp",
				"/a/classes:/a/lib.jar", "x.Main", "--port", "0");
	}

	@Test
	void fromTheExecutableJarTheChildGoesThroughSpringBootsLauncher(@TempDir Path dir) throws IOException {
		Path jar = bootJar(dir.resolve("bench-exec.jar"));
		List<String> command = ChildCommand.of("/jdk", jar.toString(), List.of(), "x.Main", List.of());
		assertThat(command).containsExactly(Path.of("/jdk", "bin", "java").toString(), "-Dloader.main=x.Main", "-cp",
				jar.toString(), "org.springframework.boot.loader.launch.PropertiesLauncher");
	}

	private static Path bootJar(Path path) throws IOException {
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().putValue("Start-Class", "dev.hookline.bench.SmokeBenchmark");
		try (OutputStream out = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(out, manifest)) {
			jar.flush();
		}
		return path;
	}

}
