package dev.hookline.worker.delivery;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.PreviousSecret;
import dev.hookline.schemas.Subscription;
import dev.hookline.sender.http.WebhookRequest;
import dev.hookline.sender.secrets.SecretCipher;

/**
 * Builds the request for a delivery from its subscription as it is now: its URL, its
 * custom headers, and its current secret plus every previous secret not yet expired.
 *
 * <p>
 * Decryption failures throw {@link IllegalStateException} with a message that names the
 * subscription but never contains a secret.
 */
final class EndpointRequests {

	private final SecretCipher cipher;

	private final Clock clock;

	EndpointRequests(SecretCipher cipher, Clock clock) {
		this.cipher = cipher;
		this.clock = clock;
	}

	WebhookRequest build(Delivery delivery, Subscription subscription) {
		return new WebhookRequest(subscription.getUrl(), delivery.getDeliveryId(), bytes(delivery.getBody()),
				liveSecrets(subscription), subscription.getHeaders());
	}

	private List<String> liveSecrets(Subscription subscription) {
		Instant now = this.clock.instant();
		List<String> secrets = new ArrayList<>(1 + subscription.getPreviousSecrets().size());
		secrets.add(decrypt(subscription.getSecret(), subscription));
		for (PreviousSecret previous : subscription.getPreviousSecrets()) {
			if (previous.getExpiresAt().isAfter(now)) {
				secrets.add(decrypt(previous.getSecret(), subscription));
			}
		}
		return secrets;
	}

	private String decrypt(ByteBuffer ciphertext, Subscription subscription) {
		return this.cipher.decrypt(bytes(ciphertext), subscription.getTenant(), subscription.getId());
	}

	/** The buffer's bytes, without a copy when it wraps exactly one whole array. */
	static byte[] bytes(ByteBuffer buffer) {
		if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0
				&& buffer.remaining() == buffer.array().length) {
			return buffer.array();
		}
		byte[] copy = new byte[buffer.remaining()];
		buffer.duplicate().get(copy);
		return copy;
	}

}
