package dev.hookline.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.TableView;
import dev.hookline.schemas.Topics;
import dev.hookline.sender.secrets.SecretCipher;

/**
 * {@code hookline up}: the embedded mode. Starts a single-node KRaft broker whose data
 * stays in {@code .hookline/kafka}, the router, the worker and the API, and a demo
 * receiver; prints the URLs, the keys and a curl example; stops everything on Ctrl-C.
 *
 * <p>
 * Environment: {@code HOOKLINE_PORT} (API, 8080), {@code HOOKLINE_PRODUCER_KEY},
 * {@code HOOKLINE_ADMIN_KEY} and {@code HOOKLINE_OPERATOR_KEY} (generated once and kept
 * in {@code .hookline/keys.properties} when unset), {@code HOOKLINE_KAFKA_PORT} (9092),
 * {@code HOOKLINE_RECEIVER_PORT} (8090), {@code HOOKLINE_HOME} (the data folder,
 * {@code .hookline}).
 */
public final class Launcher {

	static final String TENANT = "local";

	private Launcher() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 1 || !args[0].equals("up")) {
			System.err.println("usage: hookline up");
			System.exit(2);
		}
		try {
			up(System.getenv(), System.out);
		}
		catch (RuntimeException ex) {
			Throwable root = ex;
			while (root.getCause() != null) {
				root = root.getCause();
			}
			System.err.println("hookline up failed: " + ex.getMessage()
					+ (root != ex ? " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")" : ""));
			System.exit(1);
		}
	}

	static void up(Map<String, String> env, PrintStream out) throws Exception {
		Path home = Path.of(env.getOrDefault("HOOKLINE_HOME", ".hookline")).toAbsolutePath();
		int apiPort = port(env, "HOOKLINE_PORT", 8080);
		int kafkaPort = port(env, "HOOKLINE_KAFKA_PORT", 9092);
		int receiverPort = port(env, "HOOKLINE_RECEIVER_PORT", 8090);
		Properties keys = keys(home, env);
		ApiKey producer = ApiKey.producer(TENANT, keys.getProperty("producer"));
		ApiKey admin = ApiKey.admin(TENANT, keys.getProperty("admin"));
		ApiKey operator = ApiKey.operator(keys.getProperty("operator"));
		Path keyset = home.resolve("keyset.json");

		out.println("Starting Kafka (data in " + home.resolve("kafka") + ") ...");
		LocalKafka kafka = new LocalKafka(home.resolve("kafka"), kafkaPort, kafkaPort + 1).start();
		out.println("Starting the router, the worker and the API ...");
		HooklineStack stack = HooklineStack.start(new HooklineStack.Settings(kafka.bootstrapServers(), keyset, apiPort,
				home.resolve("router"), true, List.of(producer, admin, operator), true,
				Map.of("logging.level.root", "WARN", "logging.level.dev.hookline", "INFO")));
		TableView<String, Subscription> subscriptions = new TableView<>(Topics.withDefaultPrefix().subscriptions(),
				kafka.bootstrapServers(), Map.of("client.id", "hookline-demo-receiver"));
		subscriptions.start().get(30, TimeUnit.SECONDS);
		DemoReceiver receiver = new DemoReceiver(receiverPort, subscriptions, SecretCipher.fromFile(keyset, true),
				out::println);

		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			out.println("Stopping Hookline ...");
			receiver.close();
			subscriptions.close();
			stack.close();
			kafka.close();
			out.println("Stopped.");
			stopped.countDown();
		}, "hookline-shutdown"));
		out.println(banner(stack.apiUrl(), kafka.bootstrapServers(), receiver.url(), producer, admin, operator,
				!env.containsKey("HOOKLINE_PRODUCER_KEY")));
		out.println("Health and metrics (/actuator/health, /actuator/prometheus): " + stack.managementUrls()
			.entrySet()
			.stream()
			.map((e) -> e.getKey() + " " + e.getValue())
			.collect(Collectors.joining(", ")));
		stopped.await();
	}

	static String banner(String api, String kafka, String receiver, ApiKey producer, ApiKey admin, ApiKey operator,
			boolean keysFromFile) {
		String generated = keysFromFile ? "   (generated, kept in .hookline/keys.properties)" : "";
		return """

				Hookline is up (local mode: http and loopback endpoints allowed).
				  API            %1$s
				  Console        %1$s/console   (sign in with the admin key)
				  Kafka          %2$s
				  Demo receiver  %3$s   (prints every webhook and checks its signature)
				  Tenant         %4$s
				  Producer key   %5$s%7$s
				  Admin key      %6$s
				  Operator key   %8$s   (creates tenants and their keys: ./hookline tenants --help)

				Try it: subscribe the demo receiver to every event type, then publish an event.

				  curl -s %1$s/v1/subscriptions -H 'Authorization: Bearer %6$s' -H 'Content-Type: application/json' -d '{"url":"%3$s/demo","eventTypes":["*"]}'
				  curl -s %1$s/v1/events -H 'Authorization: Bearer %5$s' -H 'Content-Type: application/json' -d '{"type":"order.created","data":{"orderId":42}}'

				The signed request appears below within a second. Press Ctrl-C to stop.
				"""
			.formatted(api, kafka, receiver, TENANT, producer.key(), admin.key(), generated, operator.key());
	}

	/**
	 * The keys from the environment, or the ones generated on a first run and kept since.
	 */
	static Properties keys(Path home, Map<String, String> env) throws IOException {
		Path file = home.resolve("keys.properties");
		Properties keys = new Properties();
		if (Files.exists(file)) {
			try (var in = Files.newInputStream(file)) {
				keys.load(in);
			}
		}
		if (keys.getProperty("producer") == null || keys.getProperty("admin") == null
				|| keys.getProperty("operator") == null) {
			// a file of an earlier release has no operator key: it gets one, the others
			// stay
			keys.putIfAbsent("producer", ApiKey.generate("hk_prod_"));
			keys.putIfAbsent("admin", ApiKey.generate("hk_admin_"));
			keys.putIfAbsent("operator", ApiKey.generate("hk_operator_"));
			Files.createDirectories(home);
			try (var outFile = Files.newOutputStream(file)) {
				keys.store(outFile, "API keys of the embedded mode; delete this file for new ones");
			}
		}
		if (env.containsKey("HOOKLINE_PRODUCER_KEY")) {
			keys.setProperty("producer", env.get("HOOKLINE_PRODUCER_KEY"));
		}
		if (env.containsKey("HOOKLINE_ADMIN_KEY")) {
			keys.setProperty("admin", env.get("HOOKLINE_ADMIN_KEY"));
		}
		if (env.containsKey("HOOKLINE_OPERATOR_KEY")) {
			keys.setProperty("operator", env.get("HOOKLINE_OPERATOR_KEY"));
		}
		return keys;
	}

	private static int port(Map<String, String> env, String name, int fallback) {
		String value = env.get(name);
		if (value == null || value.isBlank()) {
			return fallback;
		}
		try {
			int port = Integer.parseInt(value.trim());
			if (port < 1 || port > 65535) {
				throw new NumberFormatException();
			}
			return port;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + " must be a port number (1-65535), was '" + value + "'");
		}
	}

}
