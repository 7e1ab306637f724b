package dev.hookline.bench.receiver;

import java.util.random.RandomGenerator;

import tools.jackson.databind.JsonNode;

/**
 * How long a path waits before it answers: a fixed time, or a log-normal distribution
 * given by its median and its 99th percentile.
 */
sealed interface Latency permits Latency.Fixed, Latency.LogNormal {

	/** Answers at once. */
	Latency NONE = new Fixed(0);

	/** Samples never exceed an hour, so a far tail cannot park a request for ever. */
	long MAX_MICROS = 3_600_000_000L;

	/** One delay drawn from the distribution, in microseconds. */
	long sampleMicros(RandomGenerator random);

	/**
	 * Reads {@code {"type":"fixed","ms":20}} or
	 * {@code {"type":"lognormal","medianMs":50,"p99Ms":300}}.
	 * @throws IllegalArgumentException when the node is not one of these
	 */
	static Latency parse(JsonNode node) {
		String type = node.path("type").asString("");
		return switch (type) {
			case "fixed" -> new Fixed(ConfigValues.nonNegative(node, "ms"));
			case "lognormal" ->
				new LogNormal(ConfigValues.positive(node, "medianMs"), ConfigValues.positive(node, "p99Ms"));
			default -> throw new IllegalArgumentException(
					"latency.type must be \"fixed\" or \"lognormal\", not \"" + type + "\"");
		};
	}

	/**
	 * Always the same delay.
	 *
	 * @param ms the delay in milliseconds
	 */
	record Fixed(double ms) implements Latency {

		@Override
		public long sampleMicros(RandomGenerator random) {
			return Math.min(MAX_MICROS, Math.round(this.ms * 1000));
		}

	}

	/**
	 * A log-normal delay: {@code exp(mu + sigma * z)} with {@code mu = ln(median)} and
	 * {@code sigma = ln(p99 / median) / 2.3263}, 2.3263 being the standard normal's 99th
	 * percentile.
	 *
	 * @param medianMs the median delay in milliseconds
	 * @param p99Ms the 99th percentile in milliseconds, above the median
	 */
	record LogNormal(double medianMs, double p99Ms) implements Latency {

		static final double Z_99 = 2.3263;

		public LogNormal {
			if (p99Ms <= medianMs) {
				throw new IllegalArgumentException("latency.p99Ms must be above latency.medianMs");
			}
		}

		double mu() {
			return Math.log(this.medianMs);
		}

		double sigma() {
			return Math.log(this.p99Ms / this.medianMs) / Z_99;
		}

		/** One delay in milliseconds. */
		double sampleMillis(RandomGenerator random) {
			return Math.exp(mu() + sigma() * random.nextGaussian());
		}

		@Override
		public long sampleMicros(RandomGenerator random) {
			return Math.min(MAX_MICROS, Math.round(sampleMillis(random) * 1000));
		}

	}

}
