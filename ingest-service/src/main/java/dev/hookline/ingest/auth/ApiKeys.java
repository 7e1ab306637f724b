package dev.hookline.ingest.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured API keys, looked up by the SHA-256 of a presented key.
 *
 * <p>
 * Only hashes are held. The lookup is by hash, so its timing reveals nothing about a
 * stored key, and the match is confirmed with {@link MessageDigest#isEqual}, which takes
 * constant time. Two entries with the same hash fail construction with
 * {@link IllegalArgumentException}.
 */
public final class ApiKeys {

	private final Map<String, Entry> byHash = new HashMap<>();

	public ApiKeys(List<AuthProperties.Key> keys) {
		for (AuthProperties.Key key : keys) {
			Entry entry = new Entry(HexFormat.of().parseHex(key.sha256()), new Caller(key.tenant(), key.role()));
			if (this.byHash.putIfAbsent(key.sha256(), entry) != null) {
				throw new IllegalArgumentException("hookline.auth.keys holds the same key twice (tenant " + key.tenant()
						+ ", role " + key.role() + ")");
			}
		}
	}

	/** Hex SHA-256 of a plaintext key's UTF-8 bytes: the value to configure for it. */
	public static String sha256Hex(String key) {
		return HexFormat.of().formatHex(sha256(key));
	}

	/**
	 * The caller a presented key belongs to, or empty if it matches no configured key.
	 */
	public Optional<Caller> authenticate(String presented) {
		byte[] digest = sha256(presented);
		Entry entry = this.byHash.get(HexFormat.of().formatHex(digest));
		if (entry == null || !MessageDigest.isEqual(digest, entry.sha256())) {
			return Optional.empty();
		}
		return Optional.of(entry.caller());
	}

	public boolean isEmpty() {
		return this.byHash.isEmpty();
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
