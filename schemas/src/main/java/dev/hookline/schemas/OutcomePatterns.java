package dev.hookline.schemas;

import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * How an admin names the way attempts ended, to filter dead letters and deliveries by
 * their last attempt: an HTTP status ({@code 503}), a status class ({@code 5xx}) or an
 * error class ({@code timeout}, {@code connect_error}, …, as {@link Outcome#getError()}
 * has them). The API ({@code GET /v1/dead-letters?status=}) and the CLI ({@code dlq list
 * --status}, {@code dlq replay --status}) read them the same way.
 */
public final class OutcomePatterns {

	/** What a pattern may be, for error messages. */
	public static final String SYNTAX = "an HTTP status (503), a status class (5xx) or an error (timeout)";

	private static final Pattern PATTERN = Pattern.compile("[1-5][0-9][0-9]|[1-5]xx|[a-z][a-z0-9_]*");

	private OutcomePatterns() {
	}

	/** The pattern as it is matched: lower case, without surrounding spaces. */
	public static String normalize(String pattern) {
		return pattern.strip().toLowerCase(Locale.ROOT);
	}

	/**
	 * Whether a pattern, once {@link #normalize normalized}, is one of the three forms.
	 */
	public static boolean isValid(String pattern) {
		return PATTERN.matcher(pattern).matches();
	}

	/**
	 * Whether an attempt that ended so matches a valid, normalized pattern.
	 * @param status the HTTP status, when the endpoint answered
	 * @param error the error class, when it did not
	 */
	public static boolean matches(String pattern, @Nullable Integer status, @Nullable String error) {
		if (!Character.isDigit(pattern.charAt(0))) {
			return pattern.equals(error);
		}
		if (status == null) {
			return false;
		}
		return pattern.endsWith("xx") ? status / 100 == pattern.charAt(0) - '0' : status == Integer.parseInt(pattern);
	}

}
