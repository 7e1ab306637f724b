package dev.hookline.ingest.http;

import java.time.Duration;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The optional body of a rotation, {@code {"expiresIn": seconds}}: how long the rotated
 * secret or key keeps working beside its replacement. One reader for every rotation of
 * the API (a subscription's signing secret, a tenant's API key).
 */
public final class RotationOverlap {

	/** The longest overlap a rotation may ask for. */
	public static final Duration MAX = Duration.ofDays(7);

	private static final String EMPTY_BODY = ApiException.TYPE_PREFIX + "empty-body";

	private RotationOverlap() {
	}

	/**
	 * The {@code expiresIn} of the request's body, or {@code fallback} when the body is
	 * empty or does not say; fails with a 400 or 422 {@code invalid-rotation} naming the
	 * field.
	 */
	public static Mono<Duration> read(JsonBodyReader bodies, ServerHttpRequest request, Duration fallback) {
		return bodies.read(request)
			.map((body) -> parse(body, fallback))
			.onErrorResume((ex) -> ex instanceof ApiException problem && problem.type().equals(EMPTY_BODY),
					(ex) -> Mono.just(fallback));
	}

	static Duration parse(JsonNode body, Duration fallback) {
		long max = MAX.toSeconds();
		Refusals refusals = new Refusals("invalid-rotation", "Invalid rotation");
		if (!body.isObject()) {
			refusals.malformed("body", "must be a JSON object such as {\"expiresIn\": 3600}, or empty");
			refusals.throwIfAny();
		}
		body.propertyNames()
			.stream()
			.filter((field) -> !field.equals("expiresIn"))
			.forEach((field) -> refusals.malformed(field, "is not a known field here; the field is expiresIn"));
		JsonNode expiresIn = body.get("expiresIn");
		Duration overlap = fallback;
		if (expiresIn != null && !expiresIn.isNull()) {
			if (!expiresIn.isIntegralNumber()) {
				refusals.malformed("expiresIn", "must be a whole number of seconds");
			}
			else if (!expiresIn.canConvertToLong() || expiresIn.longValue() < 0 || expiresIn.longValue() > max) {
				refusals.invalid("expiresIn", "must be from 0 to " + max + " seconds (7 days)");
			}
			else {
				overlap = Duration.ofSeconds(expiresIn.longValue());
			}
		}
		refusals.throwIfAny();
		return overlap;
	}

}
