package dev.hookline.ingest.events;

import java.util.regex.Pattern;

/**
 * The syntax of event types ({@code resource.action}) and of the patterns subscriptions
 * select them with.
 *
 * <p>
 * A type is two or more segments of lowercase letters, digits, {@code _} and {@code -},
 * separated by dots, at most {@value #MAX_LENGTH} characters: {@code post.created},
 * {@code billing.invoice.paid}. A pattern is a type, a prefix of whole segments followed
 * by {@code .*} ({@code post.*}), or {@code *}.
 */
public final class EventTypes {

	/** The longest type or pattern accepted. */
	public static final int MAX_LENGTH = 128;

	private static final Pattern TYPE = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)+");

	private static final Pattern PREFIX_PATTERN = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*\\.\\*");

	private EventTypes() {
	}

	public static boolean isValidType(String type) {
		return type.length() <= MAX_LENGTH && TYPE.matcher(type).matches();
	}

	public static boolean isValidPattern(String pattern) {
		return pattern.equals("*") || isValidType(pattern)
				|| (pattern.length() <= MAX_LENGTH && PREFIX_PATTERN.matcher(pattern).matches());
	}

}
