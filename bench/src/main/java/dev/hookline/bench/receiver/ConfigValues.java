package dev.hookline.bench.receiver;

import tools.jackson.databind.JsonNode;

/**
 * Reads the numbers of a receiver configuration, naming the field that is wrong when one
 * is.
 */
final class ConfigValues {

	private ConfigValues() {
	}

	/** A number ≥ 0, or 0 when the field is absent. */
	static double nonNegative(JsonNode node, String field) {
		double value = number(node, field, 0);
		if (value < 0) {
			throw new IllegalArgumentException(field + " must not be negative");
		}
		return value;
	}

	/** A number > 0; the field is required. */
	static double positive(JsonNode node, String field) {
		if (!node.has(field)) {
			throw new IllegalArgumentException(field + " is required");
		}
		double value = number(node, field, 0);
		if (value <= 0) {
			throw new IllegalArgumentException(field + " must be positive");
		}
		return value;
	}

	/** A probability in [0, 1], or 0 when the field is absent. */
	static double rate(JsonNode node, String field) {
		double value = number(node, field, 0);
		if (value < 0 || value > 1) {
			throw new IllegalArgumentException(field + " must be between 0 and 1");
		}
		return value;
	}

	private static double number(JsonNode node, String field, double absent) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return absent;
		}
		if (!value.isNumber()) {
			throw new IllegalArgumentException(field + " must be a number");
		}
		return value.doubleValue();
	}

}
