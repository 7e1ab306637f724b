package dev.hookline.ingest.tenants;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hookline.ingest.auth.ApiKeys;
import dev.hookline.schemas.ApiKey;
import org.jspecify.annotations.Nullable;

/**
 * An issued API key as the API shows it: never its hash, and the key itself only in the
 * answer that issued it.
 *
 * @param id its id ({@code key_…}), derived from the key, to list, rotate and revoke it
 * by
 * @param tenant the tenant it belongs to
 * @param role {@code producer} or {@code admin}
 * @param name what it is for, or null
 * @param status {@code active}, {@code expired} or {@code revoked}, now
 * @param createdAt when it was issued
 * @param expiresAt when it stops being accepted, or null
 * @param revokedAt when it was revoked, or null
 * @param replacedBy the key a rotation issued in its place, or null
 * @param key the key itself, only when just issued
 */
record KeyResource(String id, String tenant, String role, @Nullable String name, String status, Instant createdAt,
		@Nullable Instant expiresAt, @Nullable Instant revokedAt, @Nullable String replacedBy,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String key) {

	static KeyResource of(ApiKey key, Instant now) {
		return of(key, now, null);
	}

	static KeyResource of(ApiKey key, Instant now, @Nullable String plaintext) {
		String status = (key.getRevokedAt() != null) ? "revoked" : ApiKeys.usable(key, now) ? "active" : "expired";
		return new KeyResource(key.getId(), key.getTenant(), key.getRole().toLowerCase(Locale.ROOT), key.getName(),
				status, key.getCreatedAt(), key.getExpiresAt(), key.getRevokedAt(), key.getReplacedBy(), plaintext);
	}

	@Override
	public String toString() {
		return "KeyResource[" + this.id + ", " + this.status + "]";
	}

	/**
	 * A page of a listing.
	 *
	 * @param data the keys, oldest first
	 * @param next the {@code after} value of the next page, or null on the last
	 */
	record Page(List<KeyResource> data, @Nullable String next) {

	}

	/**
	 * The answer to a rotation.
	 *
	 * @param key the new key, with the key itself
	 * @param previous the rotated key, with the end of its overlap as {@code expiresAt}
	 */
	record Rotation(KeyResource key, KeyResource previous) {

	}

}
