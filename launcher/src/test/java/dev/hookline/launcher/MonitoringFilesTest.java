package dev.hookline.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The alert rules, their unit tests, the Prometheus configuration and the dashboard's
 * queries, checked by Prometheus' own {@code promtool}, and the metrics they use checked
 * against the README's table. {@code promtool} comes with Debian's {@code prometheus}
 * package, which {@code .ci/run} installs; without it these tests fail, saying so.
 */
class MonitoringFilesTest {

	@Test
	void theAlertRulesAreValid() throws Exception {
		assertPromtool(MonitoringFiles.PROMETHEUS, "check", "rules", "hookline-alerts.yml");
	}

	@Test
	void theAlertRulesPassTheirUnitTests() throws Exception {
		assertPromtool(MonitoringFiles.PROMETHEUS, "test", "rules", "hookline-alerts.test.yml");
	}

	@Test
	void thePrometheusConfigurationIsValid() throws Exception {
		assertPromtool(MonitoringFiles.PROMETHEUS, "check", "config", "prometheus.yml");
	}

	@Test
	void everyDashboardQueryIsValidPromQl(@TempDir Path dir) throws Exception {
		List<String> queries = MonitoringFiles.dashboardQueries();
		assertThat(queries).hasSizeGreaterThan(10);
		// promtool checks queries inside rule files: one recording rule per query
		List<String> rules = new ArrayList<>(List.of("groups:", "  - name: dashboard", "    rules:"));
		for (int i = 0; i < queries.size(); i++) {
			rules.add("      - record: dashboard_query_" + i);
			rules.add("        expr: '" + queries.get(i).replace("'", "''") + "'");
		}
		Files.write(dir.resolve("queries.yml"), rules);
		assertPromtool(dir, "check", "rules", "queries.yml");
	}

	@Test
	void everyMetricTheyQueryIsInTheReadmeTable() throws Exception {
		String readme = Files.readString(MonitoringFiles.ROOT.resolve("README.md"));
		String table = readme.substring(readme.indexOf("## Health and metrics"), readme.indexOf("## Tests"));
		for (String metric : MonitoringFiles.queriedMetrics()) {
			assertThat(table).as(metric).contains("`" + metric + "`");
		}
	}

	private static void assertPromtool(Path dir, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("promtool"));
		command.addAll(List.of(args));
		InstalledTool.Result result = InstalledTool.run(dir, "prometheus", (environment) -> {
		}, command);
		assertThat(result.exit()).as(String.join(" ", command) + ":\n" + result.output()).isZero();
	}

}
