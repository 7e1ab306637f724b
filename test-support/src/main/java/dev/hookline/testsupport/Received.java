package dev.hookline.testsupport;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One request the {@link VerifyingReceiver} got.
 *
 * @param path the request path
 * @param webhookId the {@code webhook-id} header
 * @param body the request body as text
 * @param headers every header, names in lower case
 * @param verified whether the official Standard Webhooks library accepted the signature
 * @param verificationError why it did not, when it did not
 * @param at when the request arrived
 * @param status what the receiver answered (0 for a hang or a reset)
 */
public record Received(String path, @Nullable String webhookId, String body, Map<String, List<String>> headers,
		boolean verified, @Nullable String verificationError, Instant at, int status) {

	public @Nullable String header(String name) {
		List<String> values = this.headers.get(name.toLowerCase(java.util.Locale.ROOT));
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

}
