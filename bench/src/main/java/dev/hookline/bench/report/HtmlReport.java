package dev.hookline.bench.report;

import java.util.List;
import java.util.Objects;
import java.util.function.DoubleFunction;

import dev.hookline.bench.report.SvgBarChart.Group;

/**
 * One self-contained HTML page: the table of results and a bar chart per measure, in
 * inline SVG with inline styles, so the file can be mailed or attached as it is.
 */
final class HtmlReport {

	private static final String STYLE = """
			body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
			table { border-collapse: collapse; margin-bottom: 2em; }
			th, td { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: left; }
			td.n { text-align: right; font-variant-numeric: tabular-nums; }
			svg text { font-size: 12px; fill: #222; }
			""";

	private HtmlReport() {
	}

	static String render(String title, List<ScenarioResult> results) {
		StringBuilder html = new StringBuilder(
				"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
		html.append("<title>").append(Html.escape(title)).append("</title>\n");
		html.append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
		html.append("<h1>").append(Html.escape(title)).append("</h1>\n");
		table(html, results);
		chart(html, "Maximum sustainable rate (per second)", List.of("rate"),
				results.stream().map((r) -> new Group(r.name(), r.maxSustainableRate())).toList(), Format::rate);
		chart(html, "End-to-end latency (ms)", List.of("p50", "p99", "p99.9"),
				results.stream().map((r) -> new Group(r.name(), r.p50Ms(), r.p99Ms(), r.p999Ms())).toList(),
				Format::millis);
		List<Group> rss = results.stream()
			.filter((r) -> r.workerRssMb() != null)
			.map((r) -> new Group(r.name(), Objects.requireNonNull(r.workerRssMb())))
			.toList();
		if (!rss.isEmpty()) {
			chart(html, "Worker RSS (MB)", List.of("RSS"), rss, (mb) -> Format.megabytes(mb));
		}
		chart(html, "Duplicate deliveries", List.of("duplicates"),
				results.stream().map((r) -> new Group(r.name(), r.duplicates())).toList(),
				(count) -> Long.toString((long) count));
		return html.append("</body>\n</html>\n").toString();
	}

	private static void table(StringBuilder html, List<ScenarioResult> results) {
		html.append("<table>\n<tr>");
		ConsoleTable.HEADERS.forEach((header) -> html.append("<th>").append(Html.escape(header)).append("</th>"));
		html.append("</tr>\n");
		for (ScenarioResult r : results) {
			html.append("<tr>");
			cell(html, r.name(), false);
			cell(html, Format.rate(r.maxSustainableRate()), true);
			cell(html, Format.millis(r.p50Ms()), true);
			cell(html, Format.millis(r.p99Ms()), true);
			cell(html, Format.millis(r.p999Ms()), true);
			cell(html, Long.toString(r.duplicates()), true);
			cell(html, Format.megabytes(r.workerRssMb()), true);
			cell(html, Format.ratios(r.referenceRatios()), false);
			cell(html, r.notes(), false);
			html.append("</tr>\n");
		}
		html.append("</table>\n");
	}

	private static void cell(StringBuilder html, String text, boolean numeric) {
		html.append(numeric ? "<td class=\"n\">" : "<td>").append(Html.escape(text)).append("</td>");
	}

	private static void chart(StringBuilder html, String heading, List<String> series, List<Group> groups,
			DoubleFunction<String> format) {
		html.append("<h2>").append(Html.escape(heading)).append("</h2>\n");
		html.append(SvgBarChart.render(heading, series, groups, format)).append('\n');
	}

}
