package dev.hookline.ingest.auth;

import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The API keys, bound from {@code hookline.auth}. Only their SHA-256 is configured, never
 * the keys themselves; {@link ApiKeys#sha256Hex(String)} computes it. A malformed entry
 * fails the start-up with {@link IllegalArgumentException}.
 *
 * @param keys the accepted keys, each with its tenant and role (default none: every call
 * is refused)
 */
@ConfigurationProperties("hookline.auth")
public record AuthProperties(@DefaultValue List<Key> keys) {

	/** What a tenant id may look like: it becomes part of Kafka record keys. */
	static final Pattern TENANT = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

	public AuthProperties {
		keys = List.copyOf(keys);
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
			if (role == null) {
				throw new IllegalArgumentException("hookline.auth.keys[].role is required (PRODUCER or ADMIN)");
			}
			if (sha256 == null || sha256.length() != 64 || !sha256.chars().allMatch(HexFormat::isHexDigit)) {
				throw new IllegalArgumentException("hookline.auth.keys[].sha256 of tenant " + tenant
						+ " must be 64 hex digits (the SHA-256 of the key)");
			}
			sha256 = sha256.toLowerCase(java.util.Locale.ROOT);
		}

	}

}
