package dev.hookline.launcher;

import dev.hookline.ingest.auth.ApiKeys;

/**
 * A plaintext API key the stack is started with, and the tenant and role it grants. The
 * services only ever receive its SHA-256.
 *
 * @param tenant the tenant the key belongs to ({@code *} for an operator key)
 * @param role {@code PRODUCER}, {@code ADMIN} or {@code OPERATOR}
 * @param key the plaintext key
 */
public record ApiKey(String tenant, String role, String key) {

	public static ApiKey producer(String tenant, String key) {
		return new ApiKey(tenant, "PRODUCER", key);
	}

	public static ApiKey admin(String tenant, String key) {
		return new ApiKey(tenant, "ADMIN", key);
	}

	/**
	 * A key that creates tenants and issues their keys at run time; belongs to no tenant.
	 */
	public static ApiKey operator(String key) {
		return new ApiKey(ApiKeys.NO_TENANT, "OPERATOR", key);
	}

	/** A new random key, e.g. {@code hk_prod_3f9c…}. */
	public static String generate(String prefix) {
		return ApiKeys.generate(prefix);
	}

	boolean operator() {
		return this.role.equals("OPERATOR");
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
