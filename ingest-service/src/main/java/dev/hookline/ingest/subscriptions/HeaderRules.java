package dev.hookline.ingest.subscriptions;

import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Which custom headers a subscription may send with its webhooks.
 *
 * <p>
 * A name is an HTTP token of at most {@value #MAX_NAME_LENGTH} characters; a value is at
 * most {@value #MAX_VALUE_LENGTH} printable ASCII characters (spaces and tabs included,
 * no CR, LF, NUL or other control characters). Hop-by-hop headers, the ones that frame
 * the request ({@code Host}, {@code Content-Length}, {@code Content-Type}…),
 * {@code User-Agent} (Hookline identifies itself) and the signature headers
 * ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature},
 * {@code svix-*}) are refused, whatever their case: the sender sets them itself.
 */
final class HeaderRules {

	static final int MAX_HEADERS = 20;

	static final int MAX_NAME_LENGTH = 256;

	static final int MAX_VALUE_LENGTH = 1024;

	private static final Set<String> RESERVED = Set.of("connection", "keep-alive", "te", "trailer", "transfer-encoding",
			"upgrade", "host", "content-length", "content-type", "content-encoding", "expect", "user-agent",
			"webhook-id", "webhook-timestamp", "webhook-signature");

	private static final Set<String> RESERVED_PREFIXES = Set.of("proxy-", "svix-");

	private static final String SEPARATORS = "()<>@,;:\\\"/[]?={} \t";

	private HeaderRules() {
	}

	/** What is wrong with the name, or null when it may be sent. */
	static @Nullable String nameProblem(String name) {
		if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || !isToken(name)) {
			return "is not a valid header name: 1 to " + MAX_NAME_LENGTH
					+ " letters, digits and !#$%&'*+-.^_`|~ characters";
		}
		String lower = name.toLowerCase(Locale.ROOT);
		if (RESERVED.contains(lower) || RESERVED_PREFIXES.stream().anyMatch(lower::startsWith)) {
			return "is set by Hookline itself (hop-by-hop, framing, user-agent or signature header)";
		}
		return null;
	}

	/** What is wrong with the value, or null when it may be sent. */
	static @Nullable String valueProblem(String value) {
		if (value.length() > MAX_VALUE_LENGTH) {
			return "must be at most " + MAX_VALUE_LENGTH + " characters";
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < 0x20 && c != '\t') || c > 0x7e) {
				return "must be printable ASCII: no CR, LF, NUL or other control characters";
			}
		}
		return null;
	}

	private static boolean isToken(String name) {
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c <= 0x20 || c >= 0x7f || SEPARATORS.indexOf(c) >= 0) {
				return false;
			}
		}
		return true;
	}

}
