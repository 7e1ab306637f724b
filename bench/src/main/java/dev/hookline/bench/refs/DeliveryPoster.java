package dev.hookline.bench.refs;

import java.util.function.Consumer;

import dev.hookline.sender.http.SenderSettings;
import dev.hookline.sender.http.WebhookClient;
import dev.hookline.sender.http.WebhookRequest;
import dev.hookline.sender.ssrf.AddressGuard;

/**
 * POSTs deliveries through the worker's own HTTP client, signed and with loopback
 * allowed, exactly as {@link DirectHttpReference} does; the answer is handed to a
 * callback on one of the client's event loops.
 */
final class DeliveryPoster implements AutoCloseable {

	private final WebhookClient client = WebhookClient.create(SenderSettings.defaults(), AddressGuard.localMode());

	private final String url;

	private final String idPrefix;

	/**
	 * @param idPrefix starts every webhook-id, followed by the body's index, so a
	 * redelivered body keeps its id
	 */
	DeliveryPoster(String url, String idPrefix) {
		this.url = url;
		this.idPrefix = idPrefix;
	}

	/**
	 * Starts the POST of one body; {@code onAnswer} gets whether it was answered 2xx
	 * (false also for a connection failure or a timeout, after at most the client's total
	 * timeout).
	 */
	void post(int index, byte[] body, Consumer<Boolean> onAnswer) {
		WebhookRequest request = new WebhookRequest(this.url, this.idPrefix + index, body, DirectHttpReference.SECRETS,
				java.util.Map.of());
		this.client.send(request).subscribe((result) -> {
			Integer status = result.status();
			onAnswer.accept(status != null && status / 100 == 2);
		});
	}

	@Override
	public void close() {
		this.client.close();
	}

}
