package dev.hookline.ingest.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Event ids: producer-given ones are checked, missing ones generated as {@code evt_} and
 * 32 hex digits.
 *
 * <p>
 * A request with an {@code Idempotency-Key} gets ids derived from (tenant, key, position
 * in the request), so retrying the same request yields the same ids and the router drops
 * the duplicates; without one, ids are random.
 */
public final class EventIds {

	/** What a producer-given id may look like; every generated id matches it too. */
	public static final Pattern GIVEN = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

	/** What an {@code Idempotency-Key} may look like: visible ASCII. */
	static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

	private static final String PREFIX = "evt_";

	private EventIds() {
	}

	static String random() {
		return PREFIX + UUID.randomUUID().toString().replace("-", "");
	}

	static String derived(String tenant, String idempotencyKey, int index) {
		byte[] t = tenant.getBytes(StandardCharsets.UTF_8);
		byte[] k = idempotencyKey.getBytes(StandardCharsets.UTF_8);
		// length-prefixed, so that no two (tenant, key) pairs share an input
		ByteBuffer input = ByteBuffer.allocate(12 + t.length + k.length)
			.putInt(t.length)
			.put(t)
			.putInt(k.length)
			.put(k)
			.putInt(index);
		return PREFIX + HexFormat.of().formatHex(sha256(input.array()), 0, 16);
	}

	private static byte[] sha256(byte[] input) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(input);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform has SHA-256", ex);
		}
	}

}
