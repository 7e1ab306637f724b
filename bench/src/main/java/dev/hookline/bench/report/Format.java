package dev.hookline.bench.report;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/** How the console table and the HTML page spell numbers, the same in both. */
final class Format {

	static final String ABSENT = "-";

	private Format() {
	}

	static String rate(double perSecond) {
		return String.format(Locale.ROOT, "%,.0f", perSecond);
	}

	static String millis(double ms) {
		return String.format(Locale.ROOT, (ms < 10) ? "%.2f" : "%.1f", ms);
	}

	static String megabytes(@Nullable Double mb) {
		return (mb != null) ? String.format(Locale.ROOT, "%.0f", mb) : ABSENT;
	}

	static String ratios(Map<String, Double> ratios) {
		if (ratios.isEmpty()) {
			return ABSENT;
		}
		return ratios.entrySet()
			.stream()
			.map((ratio) -> ratio.getKey() + " " + String.format(Locale.ROOT, "%.2f", ratio.getValue()) + "x")
			.collect(Collectors.joining(", "));
	}

}
