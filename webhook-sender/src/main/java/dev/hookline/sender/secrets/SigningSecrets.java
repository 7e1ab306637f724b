package dev.hookline.sender.secrets;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Standard Webhooks signing secrets: {@code whsec_} and the base64 of 32 random bytes.
 */
public final class SigningSecrets {

	/** The prefix of every secret. */
	public static final String PREFIX = "whsec_";

	private static final SecureRandom RANDOM = new SecureRandom();

	private SigningSecrets() {
	}

	/** A new secret from the platform's strong random source. */
	public static String generate() {
		byte[] key = new byte[32];
		RANDOM.nextBytes(key);
		return PREFIX + Base64.getEncoder().encodeToString(key);
	}

	/**
	 * The HMAC key a secret stands for: the base64-decoded part after {@code whsec_}.
	 * @throws IllegalArgumentException if the secret is not {@code whsec_} and base64
	 */
	public static byte[] key(String secret) {
		if (!secret.startsWith(PREFIX)) {
			throw new IllegalArgumentException("a signing secret starts with " + PREFIX);
		}
		return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
	}

}
