package dev.hookline.cli.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads the times of {@code --since} and {@code --until}: an ISO-8601 instant
 * ({@code 2026-11-22T10:00:00Z}, or with an offset) or a time ago ({@code 90s},
 * {@code 30m}, {@code 2h}, {@code 7d}, {@code 2w}). Anything else is a usage error that
 * picocli reports with the option's name.
 */
public final class Times implements ITypeConverter<Instant> {

	private static final Pattern AGO = Pattern.compile("(\\d{1,9})\\s*([smhdw])");

	private final Clock clock;

	public Times(Clock clock) {
		this.clock = clock;
	}

	@Override
	public Instant convert(String value) {
		String text = value.strip();
		Matcher ago = AGO.matcher(text.toLowerCase(Locale.ROOT));
		if (ago.matches()) {
			return this.clock.instant().minus(duration(Long.parseLong(ago.group(1)), ago.group(2)));
		}
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			// not UTC: maybe with an offset
		}
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new TypeConversionException("'" + value
					+ "' is not a time: use an ISO-8601 instant (2026-11-22T10:00:00Z) or a time ago (30m, 2h, 7d)");
		}
	}

	private static Duration duration(long amount, String unit) {
		return switch (unit) {
			case "s" -> Duration.ofSeconds(amount);
			case "m" -> Duration.ofMinutes(amount);
			case "h" -> Duration.ofHours(amount);
			case "d" -> Duration.ofDays(amount);
			default -> Duration.ofDays(7 * amount);
		};
	}

	/** An instant for a table: UTC, to the second. */
	public static String format(@Nullable Instant instant) {
		return (instant != null) ? instant.truncatedTo(ChronoUnit.SECONDS).toString() : "";
	}

}
