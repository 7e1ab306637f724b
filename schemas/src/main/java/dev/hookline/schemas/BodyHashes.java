package dev.hookline.schemas;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash of a request body that attempts carry ({@code bodySha256}): hex SHA-256 of the
 * exact bytes, the same wherever it is computed (the worker for each attempt, ingest's
 * history for each delivery).
 */
public final class BodyHashes {

	private static final HexFormat HEX = HexFormat.of();

	private BodyHashes() {
	}

	/** Hex SHA-256 of the body's remaining bytes; the buffer's position is left alone. */
	public static String sha256Hex(ByteBuffer body) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			sha.update(body.duplicate());
			return HEX.formatHex(sha.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform has SHA-256", ex);
		}
	}

}
