package dev.hookline.ingest.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.hookline.schemas.ApiKey;

/**
 * Every accepted API key, looked up by the SHA-256 of a presented key: the keys
 * configured at start-up ({@code hookline.auth.keys} and {@code operator-keys}) and the
 * keys issued at run time ({@link IssuedKeys}).
 *
 * <p>
 * Only hashes are held. The lookup is by hash, so its timing reveals nothing about a
 * stored key, and the match is confirmed with {@link MessageDigest#isEqual}, which takes
 * constant time. An issued key is found by its id, which is derived from its hash
 * ({@link #keyId}), so no index is needed; it is refused once revoked or expired, which
 * every instance sees as soon as its view of the topic holds the change. Two configured
 * entries with the same hash fail construction with {@link IllegalArgumentException}.
 */
public final class ApiKeys {

	/** The tenant of an operator's caller: no tenant id can look like it. */
	public static final String NO_TENANT = "*";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final int ID_BYTES = 12;

	private final Map<String, Entry> byHash = new HashMap<>();

	private final IssuedKeys issued;

	private final Clock clock;

	/** Only configured keys, no operator: for tests of the filter. */
	public ApiKeys(List<AuthProperties.Key> keys) {
		this(keys, List.of(), IssuedKeys.NONE, Clock.systemUTC());
	}

	/**
	 * @param keys the configured tenants' keys
	 * @param operatorKeys hex SHA-256 of each configured operator key
	 * @param issued the keys issued at run time
	 * @param clock what expiries are compared with
	 */
	public ApiKeys(List<AuthProperties.Key> keys, List<String> operatorKeys, IssuedKeys issued, Clock clock) {
		this.issued = issued;
		this.clock = clock;
		for (AuthProperties.Key key : keys) {
			add(key.sha256(), new Caller(key.tenant(), key.role()),
					"hookline.auth.keys holds the same key twice (tenant " + key.tenant() + ", role " + key.role()
							+ ")");
		}
		for (String operator : operatorKeys) {
			add(operator, new Caller(NO_TENANT, Role.OPERATOR),
					"hookline.auth.operator-keys holds a key that is configured already");
		}
	}

	private void add(String sha256, Caller caller, String duplicate) {
		if (this.byHash.putIfAbsent(sha256, new Entry(HexFormat.of().parseHex(sha256), caller)) != null) {
			throw new IllegalArgumentException(duplicate);
		}
	}

	/** Hex SHA-256 of a plaintext key's UTF-8 bytes: the value to configure for it. */
	public static String sha256Hex(String key) {
		return HexFormat.of().formatHex(sha256(key));
	}

	/**
	 * The id of an issued key: {@code key_} and the first 12 bytes of its SHA-256 in hex.
	 * Safe to show: finding a key from 96 bits of its hash is a preimage attack on
	 * SHA-256, and the keys are 192 random bits.
	 */
	public static String keyId(String key) {
		return keyId(sha256(key));
	}

	private static String keyId(byte[] sha256) {
		return "key_" + HexFormat.of().formatHex(Arrays.copyOf(sha256, ID_BYTES));
	}

	/**
	 * A new random key, e.g. {@code hk_prod_3f9c…}: the prefix and 24 random bytes in
	 * hex.
	 */
	public static String generate(String prefix) {
		byte[] bytes = new byte[24];
		RANDOM.nextBytes(bytes);
		return prefix + HexFormat.of().formatHex(bytes);
	}

	/** Whether an issued key is accepted at {@code now}: neither revoked nor expired. */
	public static boolean usable(ApiKey key, Instant now) {
		return key.getRevokedAt() == null && (key.getExpiresAt() == null || now.isBefore(key.getExpiresAt()));
	}

	/**
	 * The caller a presented key belongs to, or empty if it matches no configured key and
	 * no issued key that is still usable.
	 */
	public Optional<Caller> authenticate(String presented) {
		byte[] digest = sha256(presented);
		Entry entry = this.byHash.get(HexFormat.of().formatHex(digest));
		if (entry != null) {
			return MessageDigest.isEqual(digest, entry.sha256()) ? Optional.of(entry.caller()) : Optional.empty();
		}
		Instant now = this.clock.instant();
		return this.issued.find(keyId(digest))
			.filter((key) -> MessageDigest.isEqual(digest, HexFormat.of().parseHex(key.getSha256())))
			.filter((key) -> usable(key, now))
			.flatMap((key) -> issuable(key.getRole()).map((role) -> new Caller(key.getTenant(), role)));
	}

	/** The role of an issued key: producer or admin; an operator key is never issued. */
	public static Optional<Role> issuable(String role) {
		return Arrays.stream(Role.values())
			.filter((candidate) -> candidate != Role.OPERATOR && candidate.name().equalsIgnoreCase(role))
			.findFirst();
	}

	private static byte[] sha256(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform has SHA-256", ex);
		}
	}

	private record Entry(byte[] sha256, Caller caller) {

	}

}
