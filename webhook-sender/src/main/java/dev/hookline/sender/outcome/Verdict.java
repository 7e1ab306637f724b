package dev.hookline.sender.outcome;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What one attempt means for its delivery, as decided by {@link OutcomeClassifier}.
 */
public sealed interface Verdict {

	/** The endpoint took the webhook (2xx). */
	record Delivered() implements Verdict {
	}

	/**
	 * The webhook was not taken and may be tried again.
	 *
	 * @param reason the error class, or {@code http_<status>}
	 * @param retryAfter how long the endpoint asked to wait (429 and 503 with
	 * {@code Retry-After}), if it did
	 */
	record Retry(String reason, @Nullable Duration retryAfter) implements Verdict {
	}

	/** The endpoint answered 410 Gone: it wants no more webhooks. */
	record Gone() implements Verdict {
	}

}
