package dev.hookline.sender.http;

import org.jspecify.annotations.Nullable;

/**
 * What one HTTP attempt ended with: either the endpoint's status, or the error that kept
 * it from answering, never both.
 *
 * @param status the HTTP status, when the endpoint answered
 * @param error why there was no answer
 * @param latencyMs from the start of the attempt to its end, the body read included
 * @param snippet the start of the response body as UTF-8 text, when there was one
 * @param retryAfter the raw {@code Retry-After} response header, when there was one
 */
public record SendResult(@Nullable Integer status, @Nullable SendError error, long latencyMs, @Nullable String snippet,
		@Nullable String retryAfter) {

	public SendResult {
		if ((status == null) == (error == null)) {
			throw new IllegalArgumentException("a result has either a status or an error");
		}
	}

	public static SendResult answered(int status, long latencyMs, @Nullable String snippet,
			@Nullable String retryAfter) {
		return new SendResult(status, null, latencyMs, snippet, retryAfter);
	}

	public static SendResult failed(SendError error, long latencyMs) {
		return new SendResult(null, error, latencyMs, null, null);
	}

}
