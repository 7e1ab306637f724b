package dev.hookline.cli.support;

import java.net.URI;
import java.time.Clock;

import dev.hookline.schemas.KafkaSettings;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The settings every command reads, resolved from the global options, the environment and
 * {@code .hookline/keys.properties}. The root command implements it.
 */
public interface CliContext {

	/** The cluster and topic prefix; throws a usage error when malformed. */
	KafkaSettings kafka();

	/** The base URL of the HTTP API; throws a usage error when malformed. */
	URI api();

	/** The admin API key; throws a usage error when none is configured. */
	String adminKey();

	/** The producer API key; throws a usage error when none is configured. */
	String producerKey();

	/** The operator API key; throws a usage error when none is configured. */
	String operatorKey();

	Clock clock();

	boolean verbose();

	Progress.Mode progress();

	/** The context of the command line a command belongs to. */
	static CliContext of(CommandSpec spec) {
		return (CliContext) spec.root().userObject();
	}

}
