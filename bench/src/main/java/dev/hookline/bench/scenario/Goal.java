package dev.hookline.bench.scenario;

import java.util.List;

/**
 * One goal of issue 5 as measured in a run: what was measured, against what target, and
 * whether it was met.
 *
 * @param goal the goal in words
 * @param measured the figure and how it was reached
 * @param met whether it was met
 */
record Goal(String goal, String measured, boolean met) {

	static String table(List<Goal> goals) {
		int width = goals.stream().mapToInt((g) -> g.goal().length()).max().orElse(4);
		StringBuilder table = new StringBuilder(
				String.format("%-" + width + "s  %-7s  %s%n", "GOAL", "MET", "MEASURED"));
		for (Goal goal : goals) {
			table.append(String.format("%-" + width + "s  %-7s  %s%n", goal.goal(), goal.met() ? "yes" : "NO",
					goal.measured()));
		}
		return table.toString();
	}

}
