package dev.hookline.sender.outcome;

import java.time.Clock;
import java.time.Duration;

import dev.hookline.sender.http.SendResult;

/**
 * The one place that decides what the result of an attempt means.
 *
 * <ul>
 * <li>2xx: {@link Verdict.Delivered}.</li>
 * <li>410: {@link Verdict.Gone}.</li>
 * <li>Any other status, and every error (timeout, connection, TLS, blocked address...):
 * {@link Verdict.Retry}, carrying the delay a 429 or 503 asked for in
 * {@code Retry-After}.</li>
 * </ul>
 * Redirects are failures too: they are never followed, so the webhook was not taken.
 */
public final class OutcomeClassifier {

	private final Clock clock;

	public OutcomeClassifier(Clock clock) {
		this.clock = clock;
	}

	public OutcomeClassifier() {
		this(Clock.systemUTC());
	}

	public Verdict classify(SendResult result) {
		Integer status = result.status();
		if (status == null) {
			return new Verdict.Retry(requireError(result), null);
		}
		if (status >= 200 && status < 300) {
			return new Verdict.Delivered();
		}
		if (status == 410) {
			return new Verdict.Gone();
		}
		Duration retryAfter = (status == 429 || status == 503)
				? RetryAfter.parse(result.retryAfter(), this.clock.instant()) : null;
		return new Verdict.Retry("http_" + status, retryAfter);
	}

	private static String requireError(SendResult result) {
		if (result.error() == null) {
			throw new IllegalArgumentException("a result without a status has an error");
		}
		return result.error().code();
	}

}
