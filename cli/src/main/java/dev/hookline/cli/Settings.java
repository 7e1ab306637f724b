package dev.hookline.cli;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

import dev.hookline.cli.support.CliException;
import dev.hookline.cli.support.Progress;
import dev.hookline.schemas.KafkaSettings;
import org.jspecify.annotations.Nullable;

/**
 * Resolves each setting from its option, else its environment variable, else its default;
 * the API keys also from {@code $HOOKLINE_HOME/keys.properties}, which
 * {@code ./hookline up} writes. A malformed or missing value is a usage error naming the
 * option.
 */
final class Settings {

	static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";

	static final String DEFAULT_API = "http://127.0.0.1:8080";

	private static final String HOST_PORT = "(\\[[0-9a-fA-F:.]+\\]|[^\\s:\\[\\]]+):\\d{1,5}";

	// The services' spelling (Spring's: the property's name upper-cased, dots to
	// underscores, dashes dropped), so one environment configures services and CLI alike;
	// the spelling with underscores for dashes, which the CLI used before, is still read
	// after it.

	static final String BOOTSTRAP_SERVERS = "HOOKLINE_KAFKA_BOOTSTRAPSERVERS";

	static final String TOPIC_PREFIX = "HOOKLINE_KAFKA_TOPICPREFIX";

	static final String PARTITIONS = "HOOKLINE_KAFKA_PARTITIONS";

	static final String REPLICATION_FACTOR = "HOOKLINE_KAFKA_REPLICATIONFACTOR";

	static final String CLIENT_PROPERTIES = "HOOKLINE_KAFKA_PROPERTIES_";

	private final Map<String, String> env;

	Settings(Map<String, String> env) {
		this.env = Map.copyOf(env);
	}

	KafkaSettings kafka(@Nullable String bootstrapServers, @Nullable String topicPrefix) {
		String servers = firstSet(bootstrapServers, DEFAULT_BOOTSTRAP_SERVERS, BOOTSTRAP_SERVERS,
				"HOOKLINE_KAFKA_BOOTSTRAP_SERVERS");
		if (!Arrays.stream(servers.split(",")).allMatch((server) -> server.strip().matches(HOST_PORT))) {
			throw CliException.usage("--bootstrap-servers must be host:port[,host:port...], was '" + servers + "'");
		}
		String prefix = firstSet(topicPrefix, "hookline.", TOPIC_PREFIX, "HOOKLINE_KAFKA_TOPIC_PREFIX");
		try {
			int replicas = Objects.requireNonNullElse(integer(REPLICATION_FACTOR, "HOOKLINE_KAFKA_REPLICATION_FACTOR"),
					1);
			return new KafkaSettings(servers.strip(), prefix, integer(PARTITIONS), (short) replicas,
					clientProperties());
		}
		catch (IllegalArgumentException ex) {
			throw CliException.usage(ex.getMessage());
		}
	}

	/**
	 * Kafka client properties from {@code HOOKLINE_KAFKA_PROPERTIES_*}, the services'
	 * spelling of {@code hookline.kafka.properties.*}: the rest of the name in lower case
	 * with dots for underscores, {@code HOOKLINE_KAFKA_PROPERTIES_SECURITY_PROTOCOL} for
	 * {@code security.protocol}.
	 */
	Map<String, String> clientProperties() {
		Map<String, String> properties = new TreeMap<>();
		this.env.forEach((name, value) -> {
			if (name.startsWith(CLIENT_PROPERTIES) && name.length() > CLIENT_PROPERTIES.length()) {
				properties.put(name.substring(CLIENT_PROPERTIES.length()).toLowerCase(Locale.ROOT).replace('_', '.'),
						value);
			}
		});
		return properties;
	}

	URI api(@Nullable String option) {
		String value = setting(option, "HOOKLINE_API", DEFAULT_API).strip();
		try {
			URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getQuery() == null) {
				return uri;
			}
		}
		catch (URISyntaxException ex) {
			// reported below
		}
		throw CliException.usage("--api must be an http(s) URL such as " + DEFAULT_API + ", was '" + value + "'");
	}

	/**
	 * @param property the key's property in {@code keys.properties}: {@code admin},
	 * {@code producer} or {@code operator}
	 */
	String key(@Nullable String option, String variable, String property, String optionName) {
		String direct = setting(option, variable, "");
		if (!direct.isBlank()) {
			return direct.strip();
		}
		Path file = Path.of(this.env.getOrDefault("HOOKLINE_HOME", ".hookline")).resolve("keys.properties");
		if (Files.isReadable(file)) {
			Properties keys = new Properties();
			try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
				keys.load(in);
			}
			catch (IOException ex) {
				throw CliException.usage("cannot read " + file + ": " + ex.getMessage());
			}
			String key = keys.getProperty(property);
			if (key != null && !key.isBlank()) {
				return key.strip();
			}
		}
		throw CliException.usage("no " + property + " API key: pass " + optionName + ", set " + variable
				+ ", or start './hookline up' once (it writes " + file + ")");
	}

	/** {@code HOOKLINE_PROGRESS}: bar, lines (the default) or none. */
	Progress.Mode progress() {
		String mode = this.env.getOrDefault("HOOKLINE_PROGRESS", "lines").strip().toUpperCase(Locale.ROOT);
		return Arrays.stream(Progress.Mode.values())
			.filter((m) -> m.name().equals(mode))
			.findFirst()
			.orElse(Progress.Mode.LINES);
	}

	private String setting(@Nullable String option, String variable, String fallback) {
		return firstSet(option, fallback, variable);
	}

	/** The option, else the first of the variables that is set, else the fallback. */
	private String firstSet(@Nullable String option, String fallback, String... variables) {
		if (option != null && !option.isBlank()) {
			return option;
		}
		for (String variable : variables) {
			String value = this.env.get(variable);
			if (value != null && !value.isBlank()) {
				return value;
			}
		}
		return fallback;
	}

	private @Nullable Integer integer(String... variables) {
		for (String variable : variables) {
			String value = this.env.get(variable);
			if (value == null || value.isBlank()) {
				continue;
			}
			try {
				return Integer.valueOf(value.strip());
			}
			catch (NumberFormatException ex) {
				throw CliException.usage(variable + " must be a number, was '" + value + "'");
			}
		}
		return null;
	}

}
