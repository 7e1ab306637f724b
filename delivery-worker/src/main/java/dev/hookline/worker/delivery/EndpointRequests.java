package dev.hookline.worker.delivery;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.PreviousSecret;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.TraceHops;
import dev.hookline.sender.http.WebhookRequest;
import org.jspecify.annotations.Nullable;

/**
 * Builds the request for a delivery from its subscription as it is now: its URL, its
 * custom headers, and its current secret plus every previous secret not yet expired.
 *
 * <p>
 * The secrets of the subscription version last used are kept decrypted, so Tink decrypts
 * once per version of a subscription rather than once per request (it was 2-3 % of the
 * worker's listener thread in a profile at the benchmark's S1 maximum). The subscription
 * view hands out one object per version, so a changed subscription, a rotated secret
 * included, is a different object and is decrypted anew. A clear secret stays in memory
 * for at most {@link #KEPT_FOR} after its last use; it was in memory for every signing
 * anyway, and it is never logged.
 *
 * <p>
 * Decryption failures throw {@link IllegalStateException} with a message that names the
 * subscription but never contains a secret; a failure is not remembered, so the next
 * delivery tries again.
 */
final class EndpointRequests {

	/** How long the clear secrets of a subscription no delivery used are kept. */
	static final Duration KEPT_FOR = Duration.ofMinutes(10);

	private static final long MAX_SUBSCRIPTIONS_KEPT = 100_000;

	private final Decryptor decryptor;

	private final Clock clock;

	private final Cache<String, ClearSecrets> clear = Caffeine.newBuilder()
		.maximumSize(MAX_SUBSCRIPTIONS_KEPT)
		.expireAfterAccess(KEPT_FOR)
		.build();

	EndpointRequests(Decryptor decryptor, Clock clock) {
		this.decryptor = decryptor;
		this.clock = clock;
	}

	/**
	 * @param traceparent the attempt's W3C trace context, sent in the {@code traceparent}
	 * header (over a subscription's own header of that name)
	 */
	WebhookRequest build(Delivery delivery, Subscription subscription, @Nullable String traceparent) {
		Instant now = this.clock.instant();
		Map<String, String> headers = subscription.getHeaders();
		if (traceparent != null) {
			headers = new HashMap<>(headers);
			headers.put(TraceHops.HEADER, traceparent);
		}
		return new WebhookRequest(subscription.getUrl(), delivery.getDeliveryId(), bytes(delivery.getBody()),
				clearSecrets(subscription, now).liveAt(now), headers);
	}

	private ClearSecrets clearSecrets(Subscription subscription, Instant now) {
		ClearSecrets known = this.clear.getIfPresent(subscription.getId());
		if (known != null && known.source() == subscription) {
			return known;
		}
		ClearSecrets fresh = decrypt(subscription, now);
		this.clear.put(subscription.getId(), fresh);
		return fresh;
	}

	/**
	 * Previous secrets already expired are left encrypted: they sign nothing any more,
	 * and expiry only moves forward.
	 */
	private ClearSecrets decrypt(Subscription subscription, Instant now) {
		String current = decrypt(subscription.getSecret(), subscription);
		List<ClearPrevious> previous = new ArrayList<>(subscription.getPreviousSecrets().size());
		for (PreviousSecret secret : subscription.getPreviousSecrets()) {
			if (secret.getExpiresAt().isAfter(now)) {
				previous.add(new ClearPrevious(decrypt(secret.getSecret(), subscription), secret.getExpiresAt()));
			}
		}
		return new ClearSecrets(subscription, current, List.copyOf(previous));
	}

	private String decrypt(ByteBuffer ciphertext, Subscription subscription) {
		return this.decryptor.decrypt(bytes(ciphertext), subscription.getTenant(), subscription.getId());
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

	/** Decrypts a subscription's secret: {@code SecretCipher::decrypt} outside tests. */
	@FunctionalInterface
	interface Decryptor {

		/**
		 * @throws IllegalStateException if the ciphertext does not decrypt
		 */
		String decrypt(byte[] ciphertext, String tenant, String subscriptionId);

	}

	/** One subscription version's secrets in clear, the current one first. */
	private record ClearSecrets(Subscription source, String current, List<ClearPrevious> previous) {

		List<String> liveAt(Instant now) {
			if (this.previous.isEmpty()) {
				return List.of(this.current);
			}
			List<String> live = new ArrayList<>(1 + this.previous.size());
			live.add(this.current);
			for (ClearPrevious secret : this.previous) {
				if (secret.expiresAt().isAfter(now)) {
					live.add(secret.secret());
				}
			}
			return live;
		}

		@Override
		public String toString() {
			return "ClearSecrets[subscription=" + this.source.getId() + "]";
		}

	}

	private record ClearPrevious(String secret, Instant expiresAt) {

		@Override
		public String toString() {
			return "ClearPrevious[expiresAt=" + this.expiresAt + "]";
		}

	}

}
