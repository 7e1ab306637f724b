package dev.hookline.bench.report;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A horizontal bar chart as inline SVG: one group of bars per scenario, one bar per
 * series, each bar labelled with its value. A NaN value draws no bar.
 */
final class SvgBarChart {

	private static final String[] COLOURS = { "#4e79a7", "#f28e2b", "#e15759", "#76b7b2" };

	private static final int LABEL_WIDTH = 150;

	private static final int PLOT_WIDTH = 480;

	private static final int VALUE_WIDTH = 110;

	private static final int BAR = 16;

	private static final int BAR_GAP = 2;

	private static final int GROUP_GAP = 12;

	private static final int LEGEND = 22;

	record Group(String label, double... values) {

	}

	private SvgBarChart() {
	}

	static String render(String description, List<String> series, List<Group> groups, DoubleFunction<String> format) {
		double max = groups.stream()
			.flatMapToDouble((group) -> Arrays.stream(group.values()))
			.filter(Double::isFinite)
			.max()
			.orElse(0);
		double scale = (max > 0) ? PLOT_WIDTH / max : 0;
		int groupHeight = series.size() * (BAR + BAR_GAP) - BAR_GAP + GROUP_GAP;
		int height = LEGEND + groups.size() * groupHeight;
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">%n",
				LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH, height, Html.escape(description)));
		legend(svg, series);
		int y = LEGEND;
		for (Group group : groups) {
			text(svg, LABEL_WIDTH - 8, y + (groupHeight - GROUP_GAP) / 2 + 4, "end", group.label());
			for (int s = 0; s < series.size(); s++) {
				double value = (s < group.values().length) ? group.values()[s] : Double.NaN;
				if (Double.isFinite(value)) {
					bar(svg, y, value * scale, COLOURS[s % COLOURS.length],
							group.label() + " " + series.get(s) + ": " + format.apply(value), format.apply(value));
				}
				y += BAR + BAR_GAP;
			}
			y += GROUP_GAP - BAR_GAP;
		}
		return svg.append("</svg>").toString();
	}

	private static void legend(StringBuilder svg, List<String> series) {
		if (series.size() < 2) {
			return;
		}
		int x = LABEL_WIDTH;
		for (int s = 0; s < series.size(); s++) {
			svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"4\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
					x, COLOURS[s % COLOURS.length]));
			text(svg, x + 16, 14, "start", series.get(s));
			x += 24 + 8 * series.get(s).length();
		}
	}

	private static void bar(StringBuilder svg, int y, double width, String colour, String tooltip, String label) {
		double drawn = Math.max(width, 1);
		svg.append(String.format(Locale.ROOT,
				"<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s</title></rect>%n",
				LABEL_WIDTH, y, drawn, BAR, colour, Html.escape(tooltip)));
		text(svg, (int) Math.round(LABEL_WIDTH + drawn + 4), y + BAR - 4, "start", label);
	}

	private static void text(StringBuilder svg, int x, int y, String anchor, String text) {
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\">%s</text>%n", x, y, anchor,
				Html.escape(text)));
	}

}
