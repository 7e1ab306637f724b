package dev.hookline.sender.signing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.hookline.sender.secrets.SigningSecrets;

/**
 * Computes the Standard Webhooks {@code webhook-signature} header:
 * {@code v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." + body)>}, one entry per
 * secret, space-separated.
 *
 * <p>
 * Written here rather than taken from the Standard Webhooks library because that library
 * signs a {@code String} payload with one secret, while Hookline signs the exact body
 * bytes it stored, with both secrets during a rotation. The library verifies what this
 * produces in the tests.
 */
public final class WebhookSigner {

	// One Mac per thread: Mac.getInstance walks the JCA providers on every call, and a
	// worker signs every request. init() below resets it for each key.
	private static final ThreadLocal<Mac> HMAC_SHA256 = ThreadLocal.withInitial(WebhookSigner::newMac);

	private WebhookSigner() {
	}

	/**
	 * @param webhookId the delivery id
	 * @param timestampSeconds the Unix time of this attempt, in seconds
	 * @param body the exact request body
	 * @param secrets {@code whsec_} secrets, the current one first
	 * @return the header value
	 */
	public static String signature(String webhookId, long timestampSeconds, byte[] body, List<String> secrets) {
		if (secrets.isEmpty()) {
			throw new IllegalArgumentException("at least one secret signs");
		}
		byte[] prefix = (webhookId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
		StringBuilder header = new StringBuilder();
		for (String secret : secrets) {
			if (header.length() > 0) {
				header.append(' ');
			}
			header.append("v1,").append(Base64.getEncoder().encodeToString(hmac(secret, prefix, body)));
		}
		return header.toString();
	}

	private static byte[] hmac(String secret, byte[] prefix, byte[] body) {
		Mac mac = HMAC_SHA256.get();
		try {
			mac.init(new SecretKeySpec(SigningSecrets.key(secret), "HmacSHA256"));
		}
		catch (InvalidKeyException ex) {
			throw new IllegalArgumentException("not an HMAC-SHA256 key", ex);
		}
		mac.update(prefix);
		return mac.doFinal(body);
	}

	private static Mac newMac() {
		try {
			return Mac.getInstance("HmacSHA256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every Java platform", ex);
		}
	}

}
