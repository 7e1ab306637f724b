package dev.hookline.sender.http;

import java.util.List;
import java.util.Map;

/**
 * One webhook to send.
 *
 * <p>
 * {@link #toString()} leaves out the secrets and the body, so a request can be logged.
 *
 * @param url the endpoint
 * @param webhookId the delivery id, sent as {@code webhook-id}
 * @param body the exact JSON body
 * @param secrets {@code whsec_} signing secrets, the current one first; each adds one
 * signature
 * @param headers custom headers; they cannot replace the ones Hookline sets
 */
public record WebhookRequest(String url, String webhookId, byte[] body, List<String> secrets,
		Map<String, String> headers) {

	public WebhookRequest {
		if (secrets.isEmpty()) {
			throw new IllegalArgumentException("a webhook is signed with at least one secret");
		}
		secrets = List.copyOf(secrets);
		headers = Map.copyOf(headers);
	}

	@Override
	public String toString() {
		return "WebhookRequest[url=" + this.url + ", webhookId=" + this.webhookId + ", body=" + this.body.length
				+ " bytes, secrets=" + this.secrets.size() + ", headers=" + this.headers.keySet() + "]";
	}

}
