package dev.hookline.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hookline.ingest.IngestApplication;
import dev.hookline.router.RouterApplication;
import dev.hookline.worker.WorkerApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The three services (router, worker, ingest) started in this JVM against one Kafka
 * cluster: the embedded mode, the end-to-end tests and the benchmark all run Hookline
 * this way.
 *
 * <p>
 * Each service is its own Spring application context with its own configuration, exactly
 * as when it runs alone; they still meet only through topics. Closing stops them in
 * reverse order. Each serves health and metrics on a management port of its own, any free
 * one here (the fixed defaults, 8081 to 8083, are for services run apart):
 * {@link #managementUrls()}.
 */
public final class HooklineStack implements AutoCloseable {

	private final List<ConfigurableApplicationContext> contexts;

	private final int ingestPort;

	private final Map<String, String> managementUrls;

	private HooklineStack(List<ConfigurableApplicationContext> contexts, int ingestPort,
			Map<String, String> managementUrls) {
		this.contexts = contexts;
		this.ingestPort = ingestPort;
		this.managementUrls = managementUrls;
	}

	/**
	 * What to start.
	 *
	 * @param bootstrapServers the Kafka cluster
	 * @param keysetFile the Tink keyset that encrypts signing secrets (created when
	 * missing)
	 * @param ingestPort the HTTP port of the API, 0 for any free port
	 * @param routerStateDir the router's Kafka Streams state folder; the API's delivery
	 * history is kept beside it, in {@code ingest-history}
	 * @param localMode allow http and loopback endpoints
	 * @param keys the API keys
	 * @param withRouter whether to start the router here (a test may run it as its own
	 * process)
	 * @param extra further properties, applied to every service
	 */
	public record Settings(String bootstrapServers, Path keysetFile, int ingestPort, Path routerStateDir,
			boolean localMode, List<ApiKey> keys, boolean withRouter, Map<String, Object> extra) {

	}

	/** Starts the services; on a failure, stops what started and rethrows. */
	public static HooklineStack start(Settings settings) {
		List<ConfigurableApplicationContext> started = new ArrayList<>();
		Map<String, String> management = new LinkedHashMap<>();
		try {
			if (settings.withRouter()) {
				ConfigurableApplicationContext router = run(RouterApplication.application(),
						routerProperties(settings));
				started.add(router);
				management.put("router", localUrl(port(router)));
			}
			ConfigurableApplicationContext worker = run(WorkerApplication.application(), workerProperties(settings));
			started.add(worker);
			management.put("worker", localUrl(port(worker)));
			ConfigurableApplicationContext ingest = run(IngestApplication.application(), ingestProperties(settings));
			started.add(ingest);
			management.put("ingest",
					localUrl(Integer.parseInt(ingest.getEnvironment().getRequiredProperty("local.management.port"))));
			return new HooklineStack(started, port(ingest), management);
		}
		catch (RuntimeException ex) {
			new HooklineStack(started, 0, Map.of()).close();
			throw ex;
		}
	}

	/**
	 * The properties of the router, so that a test can start it as a process of its own.
	 */
	public static Map<String, Object> routerProperties(Settings settings) {
		Map<String, Object> props = common(settings);
		props.put("hookline.router.state-dir", settings.routerStateDir().toString());
		// its only server is the management one
		props.put("server.port", "0");
		return props;
	}

	/**
	 * The properties of the worker, so that a harness can start it as a process of its
	 * own.
	 */
	public static Map<String, Object> workerProperties(Settings settings) {
		Map<String, Object> props = common(settings);
		props.put("server.port", "0");
		return props;
	}

	private static Map<String, Object> common(Settings settings) {
		Map<String, Object> props = new LinkedHashMap<>();
		props.put("hookline.kafka.bootstrap-servers", settings.bootstrapServers());
		props.put("hookline.crypto.keyset-file", settings.keysetFile().toString());
		props.put("hookline.crypto.create-if-missing", "true");
		props.put("hookline.local-mode", String.valueOf(settings.localMode()));
		props.put("spring.main.banner-mode", "off");
		props.putAll(settings.extra());
		return props;
	}

	/**
	 * The properties of the API (ingest), so that a harness can start it alone.
	 */
	public static Map<String, Object> ingestProperties(Settings settings) {
		Map<String, Object> props = common(settings);
		props.put("server.port", String.valueOf(settings.ingestPort()));
		props.put("management.server.port", "0");
		props.put("hookline.ingest.history.state-dir",
				settings.routerStateDir().resolveSibling("ingest-history").toString());
		List<ApiKey> keys = settings.keys().stream().filter((key) -> !key.operator()).toList();
		for (int i = 0; i < keys.size(); i++) {
			props.put("hookline.auth.keys[" + i + "].tenant", keys.get(i).tenant());
			props.put("hookline.auth.keys[" + i + "].role", keys.get(i).role());
			props.put("hookline.auth.keys[" + i + "].sha256", keys.get(i).sha256());
		}
		List<ApiKey> operators = settings.keys().stream().filter(ApiKey::operator).toList();
		for (int i = 0; i < operators.size(); i++) {
			props.put("hookline.auth.operator-keys[" + i + "]", operators.get(i).sha256());
		}
		return props;
	}

	/**
	 * Passed as command-line arguments, which win over the service's own configuration
	 * file.
	 */
	private static ConfigurableApplicationContext run(SpringApplicationBuilder app, Map<String, Object> props) {
		String[] args = props.entrySet()
			.stream()
			.map(e -> "--" + e.getKey() + "=" + e.getValue())
			.toArray(String[]::new);
		return app.registerShutdownHook(false).run(args);
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static String localUrl(int port) {
		return "http://127.0.0.1:" + port;
	}

	/**
	 * Where each service started here serves {@code /actuator/health} and
	 * {@code /actuator/prometheus}, by name: {@code ingest}, {@code worker} and, when
	 * started here, {@code router}.
	 */
	public Map<String, String> managementUrls() {
		return this.managementUrls;
	}

	public int ingestPort() {
		return this.ingestPort;
	}

	public String apiUrl() {
		return localUrl(this.ingestPort);
	}

	@Override
	public void close() {
		for (int i = this.contexts.size() - 1; i >= 0; i--) {
			this.contexts.get(i).close();
		}
	}

}
