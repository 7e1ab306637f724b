package dev.hookline.schemas;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The syntax of event types ({@code resource.action}) and of the patterns subscriptions
 * select them with, and the matching between the two. Ingest validates with it and the
 * router matches with it, so both read a pattern the same way.
 *
 * <p>
 * A type is two or more segments of lowercase letters, digits, {@code _} and {@code -},
 * separated by dots, at most {@value #MAX_LENGTH} characters: {@code post.created},
 * {@code billing.invoice.paid}. A pattern is an exact type, a prefix of whole segments
 * followed by {@code .*} ({@code post.*}, which matches every type below {@code post.}
 * but not {@code post} itself), or {@code *} for every type except Hookline's own
 * {@linkplain OperationalEvents operational} ones, which a subscription receives only
 * when a pattern names them.
 */
public final class EventTypePatterns {

	/** The longest type or pattern accepted. */
	public static final int MAX_LENGTH = 128;

	/** The pattern that selects every type of the producers. */
	public static final String ANY = "*";

	private static final String PREFIX_SUFFIX = ".*";

	private static final Pattern TYPE = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)+");

	private static final Pattern PREFIX_PATTERN = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*\\.\\*");

	private EventTypePatterns() {
	}

	public static boolean isValidType(String type) {
		return type.length() <= MAX_LENGTH && TYPE.matcher(type).matches();
	}

	public static boolean isValidPattern(String pattern) {
		return pattern.equals(ANY) || isValidType(pattern)
				|| (pattern.length() <= MAX_LENGTH && PREFIX_PATTERN.matcher(pattern).matches());
	}

	/** Whether any of the patterns matches the type; an empty list matches nothing. */
	public static boolean anyMatches(List<String> patterns, String type) {
		for (String pattern : patterns) {
			if (matches(pattern, type)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the pattern selects the type. Reads the pattern once and allocates nothing,
	 * so there is nothing worth compiling or caching per subscription.
	 */
	public static boolean matches(String pattern, String type) {
		if (pattern.equals(type)) {
			return true;
		}
		if (pattern.equals(ANY)) {
			return !OperationalEvents.isOperational(type);
		}
		if (!pattern.endsWith(PREFIX_SUFFIX)) {
			return false;
		}
		// keep the dot of "post.*": "post." must be followed by at least one character
		int prefixLength = pattern.length() - 1;
		return type.length() > prefixLength && type.regionMatches(0, pattern, 0, prefixLength);
	}

}
