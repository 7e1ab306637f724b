package dev.hookline.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The results as fixed-width text: names and notes left-aligned, numbers right-aligned.
 */
final class ConsoleTable {

	static final List<String> HEADERS = List.of("scenario", "max rate/s", "p50 ms", "p99 ms", "p99.9 ms", "duplicates",
			"worker RSS MB", "vs references", "notes");

	/** The columns whose cells are right-aligned. */
	private static final boolean[] NUMERIC = { false, true, true, true, true, true, true, false, false };

	private ConsoleTable() {
	}

	static String render(List<ScenarioResult> results) {
		List<List<String>> rows = new ArrayList<>();
		rows.add(HEADERS);
		for (ScenarioResult result : results) {
			rows.add(cells(result));
		}
		int[] widths = new int[HEADERS.size()];
		for (List<String> row : rows) {
			for (int column = 0; column < widths.length; column++) {
				widths[column] = Math.max(widths[column], row.get(column).length());
			}
		}
		StringBuilder out = new StringBuilder();
		for (List<String> row : rows) {
			out.append(line(row, widths).stripTrailing()).append(System.lineSeparator());
		}
		return out.toString();
	}

	private static List<String> cells(ScenarioResult result) {
		return List.of(result.name(), Format.rate(result.maxSustainableRate()), Format.millis(result.p50Ms()),
				Format.millis(result.p99Ms()), Format.millis(result.p999Ms()), Long.toString(result.duplicates()),
				Format.megabytes(result.workerRssMb()), Format.ratios(result.referenceRatios()),
				result.notes().isBlank() ? "" : result.notes().strip().replaceAll("\\s+", " "));
	}

	private static String line(List<String> row, int[] widths) {
		StringBuilder line = new StringBuilder();
		for (int column = 0; column < widths.length; column++) {
			String cell = row.get(column);
			String padding = " ".repeat(widths[column] - cell.length());
			line.append((column > 0) ? "  " : "");
			line.append(NUMERIC[column] ? padding + cell : cell + padding);
		}
		return line.toString();
	}

}
