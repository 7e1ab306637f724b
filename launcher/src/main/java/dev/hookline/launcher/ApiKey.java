package dev.hookline.launcher;

import java.security.SecureRandom;
import java.util.HexFormat;

import dev.hookline.ingest.auth.ApiKeys;

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

	/** What the ingest service is configured with: the key's SHA-256, never the key. */
	public String sha256() {
		return ApiKeys.sha256Hex(this.key);
	}

	@Override
	public String toString() {
		return "ApiKey[tenant=" + this.tenant + ", role=" + this.role + "]";
	}

}
