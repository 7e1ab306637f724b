package dev.hookline.bench.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The figures of one scenario or reference of a benchmark run.
 *
 * @param name the scenario, e.g. {@code S1} or {@code R3}
 * @param maxSustainableRate the highest rate (per second) at which lag stayed bounded and
 * p99 stayed under the endpoint latency plus 1 s
 * @param p50Ms median end-to-end latency at that rate, in milliseconds
 * @param p99Ms 99th percentile, in milliseconds
 * @param p999Ms 99.9th percentile, in milliseconds
 * @param duplicates deliveries received more than once
 * @param workerRssMb the worker's resident set size in MB, null when there is no worker
 * (a reference) or it was not measured
 * @param notes free text: the unit of the rate, drain time, anything unusual
 * @param referenceRatios label to ratio against a reference of the same run, e.g.
 * {@code "rate ÷ R3" → 0.62}, in the order given
 */
public record ScenarioResult(String name, double maxSustainableRate, double p50Ms, double p99Ms, double p999Ms,
		long duplicates, @Nullable Double workerRssMb, String notes, Map<String, Double> referenceRatios) {

	public ScenarioResult {
		if (name.isBlank()) {
			throw new IllegalArgumentException("a scenario needs a name");
		}
		requireFinite("maxSustainableRate", maxSustainableRate);
		requireFinite("p50Ms", p50Ms);
		requireFinite("p99Ms", p99Ms);
		requireFinite("p999Ms", p999Ms);
		if (workerRssMb != null) {
			requireFinite("workerRssMb", workerRssMb);
		}
		if (duplicates < 0) {
			throw new IllegalArgumentException("duplicates must not be negative: " + duplicates);
		}
		// lenient with hand-written JSON that leaves them out
		notes = Objects.requireNonNullElse(notes, "");
		referenceRatios = Collections
			.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNullElse(referenceRatios, Map.of())));
		referenceRatios.forEach((label, ratio) -> requireFinite(label, ratio));
	}

	private static void requireFinite(String what, double value) {
		if (!Double.isFinite(value) || value < 0) {
			throw new IllegalArgumentException(what + " must be a finite, non-negative number: " + value);
		}
	}

}
