package dev.hookline.launcher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A plaintext API key the stack is started with, and the tenant and role it grants. The
 * services only ever receive its SHA-256.
 *
 * @param tenant the tenant the key belongs to
 * @param role {@code PRODUCER} or {@code ADMIN}
 * @param key the plaintext key
 */
public record ApiKey(String tenant, String role, String key) {

	private static final SecureRandom RANDOM = new SecureRandom();

	public static ApiKey producer(String tenant, String key) {
		return new ApiKey(tenant, "PRODUCER", key);
	}

	public static ApiKey admin(String tenant, String key) {
		return new ApiKey(tenant, "ADMIN", key);
	}

	/** A new random key, e.g. {@code hk_prod_3f9c…}. */
	public static String generate(String prefix) {
		byte[] bytes = new byte[24];
		RANDOM.nextBytes(bytes);
		return prefix + HexFormat.of().formatHex(bytes);
	}

	public String sha256() {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(this.key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform has SHA-256", ex);
		}
	}

	@Override
	public String toString() {
		return "ApiKey[tenant=" + this.tenant + ", role=" + this.role + "]";
	}

}
