package dev.hookline.bench.receiver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The command line that runs a main class of this module in a new JVM with the same java
 * binary and classpath as this one.
 *
 * <p>
 * From the bench's executable Spring Boot jar the classes are nested in the jar, so the
 * child goes through Spring Boot's {@code PropertiesLauncher} with {@code loader.main}.
 */
final class ChildCommand {

	private static final String PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

	private ChildCommand() {
	}

	/** The command for this JVM's java binary and classpath. */
	static List<String> of(List<String> jvmOptions, String mainClass, List<String> arguments) {
		return of(System.getProperty("java.home"), System.getProperty("java.class.path"), jvmOptions, mainClass,
				arguments);
	}

	static List<String> of(String javaHome, String classpath, List<String> jvmOptions, String mainClass,
			List<String> arguments) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(javaHome, "bin", "java").toString());
		command.addAll(jvmOptions);
		if (isBootJar(classpath)) {
			command.add("-Dloader.main=" + mainClass);
			command.addAll(List.of("-cp", classpath, PROPERTIES_LAUNCHER));
		}
		else {
			command.addAll(List.of("-cp", classpath, mainClass));
		}
		command.addAll(arguments);
		return command;
	}

	/** Whether the classpath is one Spring Boot executable jar. */
	static boolean isBootJar(String classpath) {
		if (classpath.contains(java.io.File.pathSeparator) || !classpath.endsWith(".jar")
				|| !Files.isRegularFile(Path.of(classpath))) {
			return false;
		}
		try (JarFile jar = new JarFile(classpath)) {
			Manifest manifest = jar.getManifest();
			return manifest != null && manifest.getMainAttributes().getValue("Start-Class") != null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + classpath, ex);
		}
	}

}
