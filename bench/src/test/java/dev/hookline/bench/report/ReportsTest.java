package dev.hookline.bench.report;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ReportsTest {

	private static final List<ScenarioResult> RESULTS = List.of(
			new ScenarioResult("S1", 2_450.5, 61.2, 312.75, 480.0, 0, 301.5, "deliveries/s, 5 subscribers",
					ratios("rate ÷ R3", 0.62, "rate ÷ T", 51.3)),
			new ScenarioResult("S5 <kill>", 9_800, 75.0, 1_450.0, 2_900.25, 17, 388.0, "drain 12.4 s", Map.of()),
			new ScenarioResult("R3", 3_950, 55.0, 301.0, 350.0, 0, null, "", Map.of()));

	@TempDir
	Path dir;

	@Test
	void theJsonReadsBackAsTheSameResults() throws Exception {
		Reports.writeAll(this.dir, "run", RESULTS, new PrintStream(new ByteArrayOutputStream(), true, "UTF-8"));

		List<ScenarioResult> read = Reports.readJson(this.dir.resolve(Reports.JSON_FILE));

		assertThat(read).isEqualTo(RESULTS);
		assertThat(read.get(0).referenceRatios().keySet()).containsExactly("rate ÷ R3", "rate ÷ T");
		assertThat(read.get(2).workerRssMb()).isNull();
	}

	@Test
	void theHtmlPageShowsEveryScenarioWithoutScripts() throws Exception {
		Reports.writeAll(this.dir, "Hookline bench", RESULTS,
				new PrintStream(new ByteArrayOutputStream(), true, "UTF-8"));

		String html = Files.readString(this.dir.resolve(Reports.HTML_FILE), StandardCharsets.UTF_8);

		assertThat(html).startsWith("<!DOCTYPE html>")
			.contains("<td>S1</td>", "<td>S5 &lt;kill&gt;</td>", "<td>R3</td>")
			.contains("Maximum sustainable rate", "End-to-end latency", "Worker RSS", "Duplicate deliveries")
			.contains("2,451", "312.8", "rate ÷ R3 0.62x")
			.doesNotContain("<script", "<kill>", "src=", "href=", "@import");
		assertThat(html.split("<svg ", -1)).hasSize(5);
	}

	@Test
	void theConsoleTableAlignsEachColumn() {
		String[] lines = Reports.table(RESULTS).split(System.lineSeparator());

		assertThat(lines).hasSize(4);
		assertThat(lines[1]).startsWith("S1 ").contains("2,451", "rate ÷ R3 0.62x, rate ÷ T 51.30x");
		assertThat(lines[3]).contains(" - ");
		// numbers are right-aligned: the p99 figures end where their header ends
		int p99End = lines[0].indexOf("p99 ms") + "p99 ms".length();
		assertThat(lines[1].substring(0, p99End)).endsWith("312.8");
		assertThat(lines[2].substring(0, p99End)).endsWith("1450.0");
		assertThat(lines[3].substring(0, p99End)).endsWith("301.0");
	}

	@Test
	void aResultWithAnImpossibleFigureIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ScenarioResult("S1", Double.NaN, 1, 2, 3, 0, null, "", Map.of()))
			.withMessageContaining("maxSustainableRate");
	}

	private static Map<String, Double> ratios(String label, double ratio, String label2, double ratio2) {
		Map<String, Double> ratios = new LinkedHashMap<>();
		ratios.put(label, ratio);
		ratios.put(label2, ratio2);
		return ratios;
	}

}
