package dev.hookline.bench.receiver;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

import com.standardwebhooks.Webhook;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * How the requests under one path prefix are answered.
 *
 * <p>
 * For each request, in this order: it is reset with probability {@code resetRate}, left
 * hanging with probability {@code hangRate}; otherwise it waits its latency and answers
 * 503 if its webhook-id is one of the {@code transientFailureRate} share of ids that fail
 * their first {@code transientAttempts} attempts, else a status of {@code statusRates}
 * with its probability, else 200.
 *
 * @param latency the delay before an answer
 * @param statusRates the probability of each failure status
 * @param transientFailureRate the share of webhook-ids whose first attempts fail
 * @param transientAttempts how many attempts of such an id fail before it succeeds
 * @param hangRate the probability of never answering
 * @param resetRate the probability of closing the connection without answering
 * @param verifier checks Standard Webhooks signatures when the path has a secret
 */
record PathBehaviour(Latency latency, Map<Integer, Double> statusRates, double transientFailureRate,
		int transientAttempts, double hangRate, double resetRate, @Nullable Webhook verifier) {

	static final PathBehaviour OK = new PathBehaviour(Latency.NONE, Map.of(), 0, 1, 0, 0, null);

	static final int TRANSIENT_STATUS = 503;

	private static final Set<String> FIELDS = Set.of("latency", "statusRate", "transientFailureRate",
			"transientAttempts", "hangRate", "resetRate", "verifySecret");

	PathBehaviour {
		if (hangRate + resetRate > 1) {
			throw new IllegalArgumentException("hangRate + resetRate must not exceed 1");
		}
		if (statusRates.values().stream().mapToDouble(Double::doubleValue).sum() > 1) {
			throw new IllegalArgumentException("the statusRate probabilities must not add up to more than 1");
		}
	}

	/**
	 * Reads one path's behaviour; absent fields mean no latency and no failures.
	 * @throws IllegalArgumentException naming the field that is wrong
	 */
	static PathBehaviour parse(JsonNode node) {
		if (!node.isObject()) {
			throw new IllegalArgumentException("must be an object");
		}
		for (String field : node.propertyNames()) {
			if (!FIELDS.contains(field)) {
				throw new IllegalArgumentException("unknown field " + field + "; known: " + FIELDS);
			}
		}
		Latency latency = node.has("latency") ? Latency.parse(node.get("latency")) : Latency.NONE;
		return new PathBehaviour(latency, statusRates(node.path("statusRate")),
				ConfigValues.rate(node, "transientFailureRate"), transientAttempts(node),
				ConfigValues.rate(node, "hangRate"), ConfigValues.rate(node, "resetRate"), verifier(node));
	}

	/**
	 * Decides the fate of one request.
	 * @param idKey the hashed webhook-id, 0 when the request has none
	 * @param attemptsBefore how many requests with this webhook-id arrived before
	 * @param random the source of every random choice
	 */
	Decision decide(long idKey, int attemptsBefore, RandomGenerator random) {
		double fate = random.nextDouble();
		if (fate < this.resetRate) {
			return Decision.RESET;
		}
		if (fate < this.resetRate + this.hangRate) {
			return Decision.HANG;
		}
		long delay = this.latency.sampleMicros(random);
		if (failsTransiently(idKey, attemptsBefore, random)) {
			return Decision.answer(TRANSIENT_STATUS, delay);
		}
		double draw = random.nextDouble();
		for (Map.Entry<Integer, Double> rate : this.statusRates.entrySet()) {
			draw -= rate.getValue();
			if (draw < 0) {
				return Decision.answer(rate.getKey(), delay);
			}
		}
		return Decision.answer(200, delay);
	}

	/** Whether a request carries a valid signature, always true when no secret is set. */
	boolean signatureValid(byte[] body, Map<String, List<String>> headers) {
		if (this.verifier == null) {
			return true;
		}
		try {
			this.verifier.verify(new String(body, StandardCharsets.UTF_8), headers);
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

	private boolean failsTransiently(long idKey, int attemptsBefore, RandomGenerator random) {
		if (this.transientFailureRate == 0) {
			return false;
		}
		if (idKey == 0) {
			// no id to remember: the best a request without one can get is an independent
			// draw
			return random.nextDouble() < this.transientFailureRate;
		}
		// the id itself picks the failing share, so every attempt of an id agrees on it
		return WebhookIdLedger.unitInterval(idKey) < this.transientFailureRate
				&& attemptsBefore < this.transientAttempts;
	}

	private static Map<Integer, Double> statusRates(JsonNode node) {
		Map<Integer, Double> rates = new LinkedHashMap<>();
		if (node.isMissingNode() || node.isNull()) {
			return rates;
		}
		if (!node.isObject()) {
			throw new IllegalArgumentException("statusRate must be an object of status to probability");
		}
		for (String status : node.propertyNames()) {
			int code = status(status);
			rates.put(code, ConfigValues.rate(node, status));
		}
		// insertion order, so a seeded random draws the same statuses every run
		return Collections.unmodifiableMap(rates);
	}

	private static int status(String status) {
		try {
			int code = Integer.parseInt(status);
			if (code >= 100 && code <= 599) {
				return code;
			}
		}
		catch (NumberFormatException ex) {
			// reported below, with the rest of the invalid values
		}
		throw new IllegalArgumentException("statusRate key " + status + " is not an HTTP status");
	}

	private static int transientAttempts(JsonNode node) {
		JsonNode value = node.get("transientAttempts");
		if (value == null) {
			return 1;
		}
		if (!value.isIntegralNumber() || value.asInt() < 1 || value.asInt() > 100) {
			throw new IllegalArgumentException("transientAttempts must be an integer from 1 to 100");
		}
		return value.asInt();
	}

	private static @Nullable Webhook verifier(JsonNode node) {
		JsonNode secret = node.get("verifySecret");
		if (secret == null || secret.isNull()) {
			return null;
		}
		if (!secret.isString() || !secret.asString().startsWith("whsec_")) {
			throw new IllegalArgumentException("verifySecret must be a whsec_… secret");
		}
		try {
			return new Webhook(secret.asString());
		}
		catch (Exception ex) {
			throw new IllegalArgumentException("verifySecret is not a valid secret: " + ex.getMessage());
		}
	}

}
