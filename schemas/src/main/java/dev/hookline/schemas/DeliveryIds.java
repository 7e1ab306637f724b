package dev.hookline.schemas;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Derives a delivery id: the {@code webhook-id} an endpoint sees, the same for every
 * attempt and replay of one (event, subscription) pair.
 */
public final class DeliveryIds {

	private static final HexFormat HEX = HexFormat.of();

	private DeliveryIds() {
	}

	/**
	 * {@code msg_} and the first 128 bits of SHA-256 over the two ids, in hex. Event ids
	 * are unique per tenant and subscription ids are global, so the pair is unique; the
	 * separator keeps {@code ("a1","b")} and {@code ("a","1b")} apart.
	 */
	public static String of(String eventId, String subscriptionId) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			sha.update(eventId.getBytes(StandardCharsets.UTF_8));
			sha.update((byte) 0);
			sha.update(subscriptionId.getBytes(StandardCharsets.UTF_8));
			return "msg_" + HEX.formatHex(sha.digest(), 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform has SHA-256", ex);
		}
	}

}
