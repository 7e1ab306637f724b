package dev.hookline.bench.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the results of a benchmark run as JSON, as a self-contained HTML page (inline
 * SVG charts, no scripts, no external resources) and as an aligned console table.
 *
 * <p>
 * The JSON is an array of {@link ScenarioResult} objects that {@link #readJson(Path)}
 * reads back. Writing replaces existing files; I/O failures are thrown as they come.
 */
public final class Reports {

	/** The name of the JSON file {@link #writeAll} writes. */
	public static final String JSON_FILE = "bench-results.json";

	/** The name of the HTML file {@link #writeAll} writes. */
	public static final String HTML_FILE = "bench-results.html";

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private Reports() {
	}

	/**
	 * Writes {@value #JSON_FILE} and {@value #HTML_FILE} into the folder (created when
	 * missing) and prints the table.
	 * @return the folder
	 */
	public static Path writeAll(Path dir, String title, List<ScenarioResult> results, PrintStream console)
			throws IOException {
		Files.createDirectories(dir);
		writeJson(dir.resolve(JSON_FILE), results);
		writeHtml(dir.resolve(HTML_FILE), title, results);
		console.println(table(results));
		return dir;
	}

	/** The results as a JSON array. */
	public static String json(List<ScenarioResult> results) {
		return JSON.writeValueAsString(results);
	}

	/** Reads what {@link #json(List)} wrote. */
	public static List<ScenarioResult> fromJson(String json) {
		return List.of(JSON.readValue(json, ScenarioResult[].class));
	}

	public static void writeJson(Path file, List<ScenarioResult> results) throws IOException {
		Files.writeString(file, json(results), StandardCharsets.UTF_8);
	}

	public static List<ScenarioResult> readJson(Path file) throws IOException {
		return fromJson(Files.readString(file, StandardCharsets.UTF_8));
	}

	/** The results as one HTML page. */
	public static String html(String title, List<ScenarioResult> results) {
		return HtmlReport.render(title, results);
	}

	public static void writeHtml(Path file, String title, List<ScenarioResult> results) throws IOException {
		Files.writeString(file, html(title, results), StandardCharsets.UTF_8);
	}

	/** The results as a table of aligned columns, one line per scenario. */
	public static String table(List<ScenarioResult> results) {
		return ConsoleTable.render(results);
	}

}
