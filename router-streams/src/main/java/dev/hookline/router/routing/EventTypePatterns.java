package dev.hookline.router.routing;

import java.util.List;

/**
 * Matches event types against subscription patterns: an exact type
 * ({@code post.created}), a prefix ({@code post.*}, which matches every type below
 * {@code post.} but not {@code post} itself), or {@code *} for every type.
 *
 * <p>
 * A star anywhere else is an ordinary character, so {@code *.created} only matches the
 * type {@code *.created}. Matching reads each pattern once and allocates nothing, so
 * there is nothing worth compiling or caching per subscription.
 */
final class EventTypePatterns {

	private static final String ANY = "*";

	private static final String PREFIX_SUFFIX = ".*";

	private EventTypePatterns() {
	}

	/** Whether any of the patterns matches the type; an empty list matches nothing. */
	static boolean anyMatches(List<String> patterns, String type) {
		for (String pattern : patterns) {
			if (matches(pattern, type)) {
				return true;
			}
		}
		return false;
	}

	static boolean matches(String pattern, String type) {
		if (pattern.equals(ANY) || pattern.equals(type)) {
			return true;
		}
		if (!pattern.endsWith(PREFIX_SUFFIX)) {
			return false;
		}
		// keep the dot of "post.*": "post." must be followed by at least one character
		int prefixLength = pattern.length() - 1;
		return type.length() > prefixLength && type.regionMatches(0, pattern, 0, prefixLength);
	}

}
