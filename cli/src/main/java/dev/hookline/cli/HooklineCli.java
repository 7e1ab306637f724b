package dev.hookline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import dev.hookline.cli.deliveries.DeliveriesCommand;
import dev.hookline.cli.deliveries.RecoverCommand;
import dev.hookline.cli.deliveries.RedeliverCommand;
import dev.hookline.cli.dlq.DlqCommand;
import dev.hookline.cli.events.EventsCommand;
import dev.hookline.cli.eventtypes.EventTypesCommand;
import dev.hookline.cli.quarantine.QuarantineCommand;
import dev.hookline.cli.subscriptions.SubscriptionsCommand;
import dev.hookline.cli.support.CliContext;
import dev.hookline.cli.support.ErrorHandler;
import dev.hookline.cli.support.ExitCode;
import dev.hookline.cli.support.Progress;
import dev.hookline.cli.support.Times;
import dev.hookline.cli.tenants.KeysCommand;
import dev.hookline.cli.tenants.TenantsCommand;
import dev.hookline.cli.topics.TopicsCommand;
import dev.hookline.schemas.KafkaSettings;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code hookline}: Hookline's admin command line. Sets up topics, lists, inspects and
 * replays dead letters straight on Kafka, and is a thin client of the HTTP API for
 * subscriptions, events and redelivery.
 *
 * <p>
 * Global options may stand before or after the subcommand; each falls back to an
 * environment variable and then a default, and the API keys also to
 * {@code $HOOKLINE_HOME/keys.properties}, written by {@code ./hookline up}. Every failure
 * prints one line and exits with a code of {@link ExitCode} ({@link ErrorHandler}).
 */
@Command(name = "hookline", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
		versionProvider = HooklineCli.Version.class, sortOptions = false, usageHelpAutoWidth = true,
		description = "Hookline's admin command line: topics, dead letters and replays on Kafka; subscriptions, "
				+ "events, redelivery, tenants and keys through the HTTP API.",
		subcommands = { TopicsCommand.class, DlqCommand.class, RedeliverCommand.class, RecoverCommand.class,
				DeliveriesCommand.class, SubscriptionsCommand.class, EventsCommand.class, EventTypesCommand.class,
				QuarantineCommand.class, TenantsCommand.class, KeysCommand.class, CompletionCommand.class },
		footerHeading = "%nEnvironment:%n",
		footer = { "  HOOKLINE_KAFKA_BOOTSTRAPSERVERS  HOOKLINE_KAFKA_TOPICPREFIX",
				"  HOOKLINE_KAFKA_PARTITIONS  HOOKLINE_KAFKA_REPLICATIONFACTOR",
				"                    (the services' spellings; HOOKLINE_KAFKA_BOOTSTRAP_SERVERS",
				"                    and the like are still read)",
				"  HOOKLINE_KAFKA_PROPERTIES_*  Kafka client properties, e.g.",
				"                    HOOKLINE_KAFKA_PROPERTIES_SECURITY_PROTOCOL=SASL_SSL",
				"  HOOKLINE_API  HOOKLINE_ADMIN_KEY  HOOKLINE_PRODUCER_KEY  HOOKLINE_OPERATOR_KEY",
				"  HOOKLINE_HOME      where keys.properties is (default .hookline)",
				"  HOOKLINE_PROGRESS  bar, lines or none (./hookline sets bar on a terminal)" })
public final class HooklineCli implements CliContext {

	@Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", scope = ScopeType.INHERIT,
			description = "Kafka brokers (env HOOKLINE_KAFKA_BOOTSTRAPSERVERS; default "
					+ Settings.DEFAULT_BOOTSTRAP_SERVERS + ").")
	@Nullable String bootstrapServers;

	@Option(names = "--topic-prefix", paramLabel = "PREFIX", scope = ScopeType.INHERIT,
			description = "Prefix of Hookline's topic names (env HOOKLINE_KAFKA_TOPICPREFIX; default hookline.).")
	@Nullable String topicPrefix;

	@Option(names = "--api", paramLabel = "URL", scope = ScopeType.INHERIT,
			description = "Base URL of the HTTP API (env HOOKLINE_API; default " + Settings.DEFAULT_API + ").")
	@Nullable String api;

	@Option(names = "--admin-key", paramLabel = "KEY", scope = ScopeType.INHERIT,
			description = "Admin API key (env HOOKLINE_ADMIN_KEY; default: 'admin' in $HOOKLINE_HOME/keys.properties).")
	@Nullable String adminKey;

	@Option(names = "--producer-key", paramLabel = "KEY", scope = ScopeType.INHERIT,
			description = "Producer API key (env HOOKLINE_PRODUCER_KEY; default: 'producer' in "
					+ "$HOOKLINE_HOME/keys.properties).")
	@Nullable String producerKey;

	@Option(names = "--operator-key", paramLabel = "KEY", scope = ScopeType.INHERIT,
			description = "Operator API key, for tenants and keys (env HOOKLINE_OPERATOR_KEY; default: 'operator' in "
					+ "$HOOKLINE_HOME/keys.properties).")
	@Nullable String operatorKey;

	@Option(names = "--verbose", scope = ScopeType.INHERIT,
			description = "Log what the Kafka clients do, and print stack traces of failures.")
	boolean verbose;

	private final Settings settings;

	private final Clock clock;

	HooklineCli(Map<String, String> env, Clock clock) {
		this.settings = new Settings(env);
		this.clock = clock;
	}

	public static void main(String[] args) {
		configureLogging(Arrays.asList(args).contains("--verbose"));
		System.exit(commandLine(System.getenv(), Clock.systemUTC()).execute(args));
	}

	/**
	 * The command line with its error handling, converters and help; what {@code main}
	 * runs, and what tests run in-process.
	 * @param env the environment variables to read settings from
	 * @param clock the clock of relative times and replay marks
	 */
	public static CommandLine commandLine(Map<String, String> env, Clock clock) {
		CommandLine cli = new CommandLine(new HooklineCli(env, clock));
		ErrorHandler errors = new ErrorHandler();
		cli.setExecutionExceptionHandler(errors);
		cli.setParameterExceptionHandler(errors);
		cli.registerConverter(Instant.class, new Times(clock));
		// '--data @file.json' reads a file the way curl does, not picocli's argument
		// files
		cli.setExpandAtFiles(false);
		Map<String, String> codes = new LinkedHashMap<>();
		for (String line : ExitCode.HELP) {
			String[] parts = line.split(":", 2);
			codes.put(String.format("%3s", parts[0]), parts[1]);
		}
		everyCommand(cli,
				(command) -> command.getCommandSpec()
					.usageMessage()
					.exitCodeListHeading("%nExit codes:%n")
					.exitCodeList(codes));
		return cli;
	}

	private static void everyCommand(CommandLine command, java.util.function.Consumer<CommandLine> action) {
		action.accept(command);
		command.getSubcommands().values().forEach((sub) -> everyCommand(sub, action));
	}

	/**
	 * Kafka's clients log through SLF4J (slf4j-simple in the jar); a command line prints
	 * only its own output, so they are silent unless {@code --verbose}.
	 */
	static void configureLogging(boolean verbose) {
		System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "off");
		System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
	}

	@Override
	public KafkaSettings kafka() {
		return this.settings.kafka(this.bootstrapServers, this.topicPrefix);
	}

	@Override
	public URI api() {
		return this.settings.api(this.api);
	}

	@Override
	public String adminKey() {
		return this.settings.key(this.adminKey, "HOOKLINE_ADMIN_KEY", "admin", "--admin-key");
	}

	@Override
	public String producerKey() {
		return this.settings.key(this.producerKey, "HOOKLINE_PRODUCER_KEY", "producer", "--producer-key");
	}

	@Override
	public String operatorKey() {
		return this.settings.key(this.operatorKey, "HOOKLINE_OPERATOR_KEY", "operator", "--operator-key");
	}

	@Override
	public Clock clock() {
		return this.clock;
	}

	@Override
	public boolean verbose() {
		return this.verbose;
	}

	@Override
	public Progress.Mode progress() {
		return this.settings.progress();
	}

	/** The version of this build, from the jar's resources. */
	static final class Version implements IVersionProvider {

		@Override
		public String[] getVersion() throws IOException {
			Properties properties = new Properties();
			try (InputStream in = HooklineCli.class.getResourceAsStream("version.properties")) {
				if (in != null) {
					properties.load(in);
				}
			}
			return new String[] { "hookline " + properties.getProperty("version", "(unknown version)") };
		}

	}

}
