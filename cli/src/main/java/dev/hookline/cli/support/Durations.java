package dev.hookline.cli.support;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration option such as {@code --expires-in}: a whole number of seconds
 * ({@code 3600}) or with a unit ({@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}).
 * Anything else is a usage error that picocli reports with the option's name.
 */
public final class Durations implements ITypeConverter<Duration> {

	private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})\\s*([smhd]?)");

	@Override
	public Duration convert(String value) {
		Matcher matcher = FORMAT.matcher(value.strip().toLowerCase(Locale.ROOT));
		if (!matcher.matches()) {
			throw new TypeConversionException("'" + value + "' is not a duration: use seconds or 90s, 30m, 24h, 7d");
		}
		long amount = Long.parseLong(matcher.group(1));
		return switch (matcher.group(2)) {
			case "m" -> Duration.ofMinutes(amount);
			case "h" -> Duration.ofHours(amount);
			case "d" -> Duration.ofDays(amount);
			default -> Duration.ofSeconds(amount);
		};
	}

}
