package dev.hookline.ingest.http;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;

/**
 * Per-tenant quotas, so that no tenant can take the others down by sheer numbers: one
 * more than a quota allows answers 409 {@code quota-exceeded}, naming the quota and the
 * setting that raises it. A quota is checked against the service's view of the topic, so
 * creations racing each other on several instances may pass it by a few.
 */
public final class Quotas {

	/** The problem type of a refusal. */
	public static final String TYPE = "quota-exceeded";

	private Quotas() {
	}

	/**
	 * Completes when the tenant may have one more; fails with a 409 {@link ApiException}
	 * otherwise.
	 * @param count how many the tenant has
	 * @param max how many it may have
	 * @param what what is counted, plural ("subscriptions")
	 * @param setting the property that sets {@code max}
	 */
	public static Mono<Void> check(long count, int max, String what, String setting) {
		if (count < max) {
			return Mono.empty();
		}
		return Mono.error(
				ApiException
					.of(HttpStatus.CONFLICT, TYPE, "Quota exceeded",
							"This tenant has " + count + " " + what + ", the most it may have (" + setting + " = " + max
									+ "); delete some first.")
					.with("quota", max));
	}

}
