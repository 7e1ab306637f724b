package dev.hookline.ingest.subscriptions;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.hookline.ingest.http.ApiException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The optional {@code If-Match} header of a change: the version the caller read, as the
 * {@code ETag} gave it ({@code "3"}), weak ({@code W/"3"}) or bare ({@code 3}); {@code *}
 * matches any version. Anything else fails with a 400 {@link ApiException}; a stale
 * version becomes the 412 of {@link #stale}.
 */
final class IfMatch {

	private static final Pattern VERSION = Pattern.compile("(?:W/)?\"?([0-9]{1,18})\"?");

	private IfMatch() {
	}

	/** The expected version, or null when any will do. */
	static @Nullable Long parse(@Nullable String header) {
		if (header == null || header.strip().equals("*")) {
			return null;
		}
		String value = header.strip();
		Matcher matcher = VERSION.matcher(value);
		boolean quoted = value.endsWith("\"");
		if (!matcher.matches() || quoted != value.replaceFirst("^W/", "").startsWith("\"")) {
			throw ApiException
				.of(HttpStatus.BAD_REQUEST, "invalid-if-match", "Invalid If-Match",
						"If-Match must hold the version of the subscription, as its ETag gave it (\"3\").")
				.with("field", HttpHeaders.IF_MATCH);
		}
		return Long.parseLong(matcher.group(1));
	}

	/** The answer to a change whose {@code If-Match} is not the current version. */
	static ApiException stale(VersionMismatchException mismatch, @Nullable Long expected) {
		long current = mismatch.currentVersion();
		return ApiException
			.of(HttpStatus.PRECONDITION_FAILED, "version-mismatch", "Version mismatch",
					"The subscription is at version " + current + ((expected != null) ? ", not " + expected : "")
							+ " (If-Match); read it again and repeat the change if it still applies.")
			.with("currentVersion", current)
			.withHeader(HttpHeaders.ETAG, "\"" + current + "\"");
	}

}
