package dev.hookline.ingest.subscriptions;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.hookline.schemas.PreviousSecret;
import dev.hookline.schemas.Subscription;
import dev.hookline.sender.secrets.SecretCipher;

/**
 * The signing secrets of a subscription: which previous ones still sign, and their
 * plaintext for a test-send. A previous secret signs while its {@code expiresAt} is after
 * now, the rule the worker applies. Decryption failures throw the cipher's exception,
 * whose message never holds a secret.
 */
final class Secrets {

	/**
	 * Previous secrets kept at most; a rotation beyond this drops the soonest to expire.
	 */
	static final int MAX_PREVIOUS = 5;

	private Secrets() {
	}

	static boolean isLive(PreviousSecret previous, Instant now) {
		return previous.getExpiresAt().isAfter(now);
	}

	/** The previous secrets still signing at {@code now}, the latest to expire last. */
	static List<PreviousSecret> live(List<PreviousSecret> previous, Instant now) {
		return previous.stream()
			.filter((secret) -> isLive(secret, now))
			.sorted(Comparator.comparing(PreviousSecret::getExpiresAt))
			.toList();
	}

	static boolean anyExpired(Subscription subscription, Instant now) {
		return subscription.getPreviousSecrets().stream().anyMatch((secret) -> !isLive(secret, now));
	}

	/**
	 * The previous secrets after a rotation: the live ones and the replaced current one,
	 * at most {@value #MAX_PREVIOUS}.
	 */
	static List<PreviousSecret> afterRotation(Subscription current, Instant expiresAt, Instant now) {
		List<PreviousSecret> previous = new ArrayList<>(live(current.getPreviousSecrets(), now));
		if (expiresAt.isAfter(now)) {
			previous.add(new PreviousSecret(current.getSecret(), expiresAt));
		}
		previous.sort(Comparator.comparing(PreviousSecret::getExpiresAt));
		return List.copyOf(previous.subList(Math.max(0, previous.size() - MAX_PREVIOUS), previous.size()));
	}

	/**
	 * The plaintext secrets that sign now: the current one first, then the live previous.
	 */
	static List<String> signing(Subscription subscription, SecretCipher cipher, Instant now) {
		List<String> secrets = new ArrayList<>();
		secrets.add(decrypt(subscription.getSecret(), subscription, cipher));
		for (PreviousSecret previous : live(subscription.getPreviousSecrets(), now)) {
			secrets.add(decrypt(previous.getSecret(), subscription, cipher));
		}
		return secrets;
	}

	private static String decrypt(ByteBuffer ciphertext, Subscription subscription, SecretCipher cipher) {
		byte[] bytes = new byte[ciphertext.remaining()];
		ciphertext.duplicate().get(bytes);
		return cipher.decrypt(bytes, subscription.getTenant(), subscription.getId());
	}

}
