package dev.hookline.ingest.auth;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The API keys configured at start-up, bound from {@code hookline.auth}. Only their
 * SHA-256 is configured, never the keys themselves; {@link ApiKeys#sha256Hex(String)}
 * computes it. A malformed entry fails the start-up with
 * {@link IllegalArgumentException}.
 *
 * @param keys the accepted tenants' keys, each with its tenant and role (default none)
 * @param operatorKeys hex SHA-256 of each operator key, which creates tenants and issues
 * their keys at run time (default none: no one can)
 * @param maxKeysPerTenant how many keys issued at run time a tenant may hold unrevoked
 * (default 100)
 */
@ConfigurationProperties("hookline.auth")
public record AuthProperties(@DefaultValue List<Key> keys, @DefaultValue List<String> operatorKeys,
		@DefaultValue("100") int maxKeysPerTenant) {

	/** What a tenant id may look like: it becomes part of Kafka record keys. */
	public static final Pattern TENANT = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

	public AuthProperties {
		keys = List.copyOf(keys);
		operatorKeys = operatorKeys.stream()
			.filter((hash) -> !hash.isBlank())
			.map((hash) -> checkedSha256(hash.trim(), "hookline.auth.operator-keys"))
			.toList();
		if (maxKeysPerTenant < 1) {
			throw new IllegalArgumentException(
					"hookline.auth.max-keys-per-tenant must be at least 1, was " + maxKeysPerTenant);
		}
	}

	static String checkedSha256(String sha256, String setting) {
		if (sha256 == null || sha256.length() != 64 || !sha256.chars().allMatch(HexFormat::isHexDigit)) {
			throw new IllegalArgumentException(setting + " must be 64 hex digits (the SHA-256 of the key)");
		}
		return sha256.toLowerCase(Locale.ROOT);
	}

	/**
	 * One key.
	 *
	 * @param tenant the tenant it belongs to ({@code [A-Za-z0-9_.-]}, at most 64)
	 * @param role {@code PRODUCER} or {@code ADMIN}
	 * @param sha256 hex SHA-256 of the key's UTF-8 bytes
	 */
	public record Key(String tenant, Role role, String sha256) {

		public Key {
			if (tenant == null || !TENANT.matcher(tenant).matches()) {
				throw new IllegalArgumentException(
						"hookline.auth.keys[].tenant must be 1 to 64 of [A-Za-z0-9_.-], was " + tenant);
			}
			if (role == null || role == Role.OPERATOR) {
				throw new IllegalArgumentException("hookline.auth.keys[].role of tenant " + tenant
						+ " must be PRODUCER or ADMIN (operator keys go in hookline.auth.operator-keys)");
			}
			sha256 = checkedSha256(sha256, "hookline.auth.keys[].sha256 of tenant " + tenant);
		}

	}

}
