package dev.hookline.bench.scenario;

import java.util.Map;

/**
 * What one step of load at a fixed rate measured.
 *
 * @param scenario the scenario's name
 * @param eventsPerSecond the rate of the schedule
 * @param deliveriesPerSecond deliveries per second the schedule asked for (events ×
 * subscribers)
 * @param events events sent
 * @param caughtUp whether every judged delivery arrived within the latency bound after
 * the load stopped (lag stayed bounded)
 * @param drainSeconds from the end of the load to the last judged delivery
 * @param p50Ms median added latency (publish to arrival) of the reported group
 * @param p99Ms its 99th percentile
 * @param p999Ms its 99.9th percentile
 * @param groupP99Ms 99th percentile of each judged group
 * @param duplicates deliveries the receiver got more than once
 * @param requests POSTs the receiver got
 * @param webhookIds distinct webhook-ids among them
 * @param peakRssMb the highest worker RSS during the step
 * @param loadLagMs how far the load generator fell behind its schedule at worst
 * @param receiverVerdict the receiver's headroom verdict ({@code ok} or
 * {@code saturated})
 * @param sustainable whether the rate held: caught up, every judged p99 under the bound,
 * the load on schedule
 * @param why the reason it did not hold, empty when it did
 */
record StepResult(String scenario, double eventsPerSecond, double deliveriesPerSecond, long events, boolean caughtUp,
		double drainSeconds, double p50Ms, double p99Ms, double p999Ms, Map<String, Double> groupP99Ms, long duplicates,
		long requests, long webhookIds, double peakRssMb, double loadLagMs, String receiverVerdict, boolean sustainable,
		String why) {

	String line() {
		return String.format(
				"  %-7s %7.0f ev/s %8.0f del/s  p50 %6.1f p99 %7.1f p99.9 %7.1f ms  drain %5.1f s  dup %d"
						+ "  rss %4.0f MB  %s%s",
				this.scenario, this.eventsPerSecond, this.deliveriesPerSecond, this.p50Ms, this.p99Ms, this.p999Ms,
				this.drainSeconds, this.duplicates, this.peakRssMb, this.sustainable ? "holds" : "does not hold: ",
				this.why) + groups();
	}

	/** The p99 of each judged group, when there are several. */
	private String groups() {
		if (this.groupP99Ms.size() < 2) {
			return "";
		}
		StringBuilder line = new StringBuilder("  p99 by group:");
		this.groupP99Ms.forEach((group, p99) -> line.append(String.format(" %s %.0f ms", group, p99)));
		return line.toString();
	}

}
