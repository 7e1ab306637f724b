package dev.hookline.sender.outcome;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

/**
 * Parses a {@code Retry-After} header: delay-seconds, or an IMF-fixdate such as
 * {@code Wed, 21 Oct 2015 07:28:00 GMT} (RFC 9110, section 10.2.3).
 */
final class RetryAfter {

	/** Longer than any retry schedule; caps absurd values instead of overflowing. */
	private static final Duration MAX = Duration.ofDays(365);

	private RetryAfter() {
	}

	/**
	 * @return the delay from {@code now}, zero for a date in the past, or {@code null}
	 * when the value is missing or malformed
	 */
	static @Nullable Duration parse(@Nullable String value, Instant now) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.trim();
		if (trimmed.chars().allMatch(Character::isDigit)) {
			return (trimmed.length() > 9) ? MAX : min(Duration.ofSeconds(Long.parseLong(trimmed)));
		}
		try {
			Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			return at.isAfter(now) ? min(Duration.between(now, at)) : Duration.ZERO;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static Duration min(Duration delay) {
		return (delay.compareTo(MAX) > 0) ? MAX : delay;
	}

}
