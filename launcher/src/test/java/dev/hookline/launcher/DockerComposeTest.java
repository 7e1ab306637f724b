package dev.hookline.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What can be checked of {@code docker-compose.yml} without a Docker engine: Compose
 * itself ({@code docker-compose config}, Debian's {@code docker-compose} package, which
 * {@code .ci/run} installs) accepts the file, and what it resolves holds together: every
 * service it builds is a module of this build, healthchecks ask each service's management
 * port, stop grace periods cover the worker's drain, the data that must survive
 * {@code down} is in named volumes where the services write it, and Prometheus scrapes
 * the ports the services serve.
 */
class DockerComposeTest {

	private static final Path ROOT = MonitoringFiles.ROOT;

	private static final Map<String, String> KEYS = Map.of("HOOKLINE_OPERATOR_KEY_SHA256", "a".repeat(64));

	@Test
	void composeAcceptsTheFileAndEveryServiceItBuildsIsAModuleOfTheBuild() throws Exception {
		Map<String, Object> services = services(config(KEYS));
		List<String> built = services.entrySet()
			.stream()
			.filter((service) -> map(service.getValue()).containsKey("build"))
			.map(Map.Entry::getKey)
			.toList();

		assertThat(built).containsExactlyInAnyOrder("ingest-service", "router-streams", "delivery-worker");
		String rootPom = Files.readString(ROOT.resolve("pom.xml"));
		for (String module : built) {
			assertThat(map(map(services.get(module)).get("build")).get("args")).isEqualTo(Map.of("MODULE", module));
			assertThat(rootPom).contains("<module>" + module + "</module>");
			assertThat(Files.readString(ROOT.resolve(module).resolve("pom.xml"))).contains("<goal>repackage</goal>")
				.contains("<classifier>exec</classifier>");
		}
		assertThat(services).containsKeys("kafka", "prometheus", "grafana");
	}

	@Test
	void withoutTheOperatorKeyComposeRefusesToStartAndSaysSo() throws Exception {
		InstalledTool.Result result = compose(Map.of(), "config");

		assertThat(result.exit()).isNotZero();
		assertThat(result.output()).contains("set HOOKLINE_OPERATOR_KEY_SHA256");
	}

	@Test
	void theImageBuildsTheJarsFromSourceAndOwnsTheFoldersItsVolumesMountOn() throws Exception {
		String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));

		assertThat(dockerfile).contains("FROM eclipse-temurin:17-jdk AS build")
			.contains("./mvnw -B -q -DskipTests package -pl ingest-service,router-streams,delivery-worker -am")
			.contains("COPY --from=build /src/${MODULE}/target/${MODULE}-0.1.0-SNAPSHOT-exec.jar")
			.contains("mkdir -p /var/lib/hookline/keys /var/lib/hookline/router")
			.contains("chown -R hookline /var/lib/hookline")
			.contains("USER hookline");
		assertThat(Files.readString(ROOT.resolve("pom.xml"))).contains("<version>0.1.0-SNAPSHOT</version>");
		assertThat(Files.readString(ROOT.resolve(".dockerignore"))).contains("**/target/");
	}

	@Test
	void healthchecksAskEachServicesManagementPortAndStopsWaitForTheDrain() throws Exception {
		Map<String, Object> services = services(config(KEYS));
		Map<String, String> managementPorts = Map.of("ingest-service", "MANAGEMENT_SERVER_PORT", "router-streams",
				"SERVER_PORT", "delivery-worker", "SERVER_PORT");
		for (Map.Entry<String, String> service : managementPorts.entrySet()) {
			Map<String, Object> definition = map(services.get(service.getKey()));
			Object port = map(definition.get("environment")).get(service.getValue());
			assertThat(map(definition.get("healthcheck")).get("test")).as(service.getKey())
				.isEqualTo(List.of("CMD", "curl", "-fsS", "http://localhost:" + port + "/actuator/health/readiness"));
		}
		// the worker drains for hookline.worker.drain-timeout (20 s) before it commits
		// and
		// lets go; the router closes Kafka Streams within its close-timeout (30 s)
		assertThat(seconds(map(services.get("delivery-worker")).get("stop_grace_period"))).isGreaterThan(20);
		assertThat(seconds(map(services.get("router-streams")).get("stop_grace_period"))).isGreaterThan(30);
	}

	@Test
	void whatMustSurviveDownIsInNamedVolumesWhereTheServicesWriteIt() throws Exception {
		Map<String, Object> config = config(KEYS);
		Map<String, Object> services = services(config);
		Map<String, Object> volumes = map(config.get("volumes"));

		Map<String, Object> kafka = map(services.get("kafka"));
		String dataDir = String.valueOf(map(kafka.get("environment")).get("KAFKA_LOG_DIRS"));
		assertThat(volumes).containsKeys("kafka-data", "hookline-keys", "router-state");
		assertMounted(kafka, "kafka-data:" + dataDir);
		for (String service : List.of("ingest-service", "delivery-worker")) {
			Map<String, Object> definition = map(services.get(service));
			String keyset = String.valueOf(map(definition.get("environment")).get("HOOKLINE_CRYPTO_KEYSETFILE"));
			assertMounted(definition, "hookline-keys:" + keyset.substring(0, keyset.lastIndexOf('/')));
		}
		Map<String, Object> router = map(services.get("router-streams"));
		assertMounted(router, "router-state:" + map(router.get("environment")).get("HOOKLINE_ROUTER_STATEDIR"));
	}

	@Test
	void prometheusScrapesThePortsTheServicesServeAndGrafanaGetsTheDashboard() throws Exception {
		Map<String, Object> services = services(config(KEYS));
		String scrape = Files.readString(MonitoringFiles.PROMETHEUS.resolve("prometheus.yml"));

		assertThat(scrape).contains("ingest-service:"
				+ map(map(services.get("ingest-service")).get("environment")).get("MANAGEMENT_SERVER_PORT"));
		assertThat(scrape).contains(
				"router-streams:" + map(map(services.get("router-streams")).get("environment")).get("SERVER_PORT"));
		assertThat(scrape).contains("names: [\"delivery-worker\"]")
			.contains("port: " + map(map(services.get("delivery-worker")).get("environment")).get("SERVER_PORT"));
		assertThat(mounts(map(services.get("prometheus"))))
			.anyMatch((m) -> m.endsWith("deploy/prometheus:/etc/prometheus:ro"));
		assertThat(mounts(map(services.get("grafana"))))
			.anyMatch((m) -> m.endsWith("deploy/grafana/provisioning:/etc/grafana/provisioning:ro"))
			.anyMatch((m) -> m.endsWith("deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro"));
		assertThat(Files.readString(ROOT.resolve("deploy/grafana/provisioning/dashboards/hookline.yml")))
			.contains("path: /var/lib/grafana/dashboards");
	}

	/** The configuration Compose resolves, failing the test if Compose refuses it. */
	private static Map<String, Object> config(Map<String, String> env) throws Exception {
		InstalledTool.Result result = compose(env, "config");
		assertThat(result.exit()).as(result.output()).isZero();
		return new Yaml().load(result.output());
	}

	private static InstalledTool.Result compose(Map<String, String> env, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("docker-compose", "-f", "docker-compose.yml"));
		command.addAll(List.of(args));
		return InstalledTool.run(ROOT, "docker-compose", (environment) -> {
			environment.keySet().removeIf((name) -> name.startsWith("HOOKLINE_"));
			environment.putAll(env);
		}, command);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	private static Map<String, Object> services(Map<String, Object> config) {
		return map(config.get("services"));
	}

	/** A service's volume mounts as {@code source:target[:mode]}. */
	private static List<String> mounts(Map<String, Object> service) {
		List<String> mounts = new ArrayList<>();
		for (Object volume : (List<?>) service.get("volumes")) {
			mounts.add(String.valueOf(volume));
		}
		return mounts;
	}

	/** The service mounts {@code source:target}, in whatever mode. */
	private static void assertMounted(Map<String, Object> service, String mount) {
		assertThat(mounts(service)).anyMatch((m) -> m.equals(mount) || m.startsWith(mount + ":"));
	}

	private static long seconds(Object duration) {
		Matcher matcher = Pattern.compile("(?:(\\d+)m)?(?:(\\d+)s)?").matcher(String.valueOf(duration));
		assertThat(matcher.matches()).as(String.valueOf(duration)).isTrue();
		long minutes = (matcher.group(1) != null) ? Long.parseLong(matcher.group(1)) : 0;
		long seconds = (matcher.group(2) != null) ? Long.parseLong(matcher.group(2)) : 0;
		return minutes * 60 + seconds;
	}

}
