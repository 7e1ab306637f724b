package dev.hookline.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monitoring files in {@code deploy/}: the Prometheus alert rules and the Grafana
 * dashboard, and the metric names their queries use.
 */
final class MonitoringFiles {

	static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	static final Path PROMETHEUS = ROOT.resolve("deploy/prometheus");

	static final Path DASHBOARD = ROOT.resolve("deploy/grafana/dashboards/hookline.json");

	/** Names of Hookline's and Kafka's metrics, as a query writes them. */
	private static final Pattern METRIC = Pattern.compile("\\b(hookline_[a-z_]+|kafka_[a-z_]+|http_server_[a-z_]+)\\b");

	private MonitoringFiles() {
	}

	/** Every query of the dashboard's panels. */
	static List<String> dashboardQueries() throws IOException {
		JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
		List<String> queries = new ArrayList<>();
		for (JsonNode panel : dashboard.get("panels")) {
			for (JsonNode target : panel.get("targets")) {
				queries.add(target.get("expr").asString());
			}
		}
		return queries;
	}

	/**
	 * The metrics the alert rules and the dashboard query, as the services expose them: a
	 * histogram's {@code _bucket}, {@code _count} and {@code _sum} series named by the
	 * histogram.
	 */
	static Set<String> queriedMetrics() throws IOException {
		StringBuilder text = new StringBuilder(Files.readString(PROMETHEUS.resolve("hookline-alerts.yml")));
		dashboardQueries().forEach((query) -> text.append('\n').append(query));
		Set<String> names = new TreeSet<>();
		Matcher matcher = METRIC.matcher(text);
		while (matcher.find()) {
			names.add(matcher.group(1).replaceAll("_(bucket|count|sum)$", ""));
		}
		return names;
	}

}
