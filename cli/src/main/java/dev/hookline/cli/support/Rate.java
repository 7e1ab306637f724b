package dev.hookline.cli.support;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.bucket4j.Bucket;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A rate limit such as {@code 50/s}, {@code 600/m} or {@code 0.5/s}; a bare number is per
 * second.
 *
 * @param perSecond permits per second, above zero
 */
public record Rate(double perSecond) {

	private static final Pattern FORMAT = Pattern
		.compile("(\\d{1,7}(?:\\.\\d{1,6})?)\\s*(?:/\\s*(s|sec|second|m|min|minute|h|hour))?");

	/**
	 * A token bucket for this rate. It holds a tenth of a second's permits, at least one,
	 * so a run never bursts far above the rate, and refills continuously.
	 */
	public Bucket bucket() {
		long capacity = Math.max(1, (long) Math.ceil(this.perSecond / 10));
		long perHour = Math.max(1, Math.round(this.perSecond * 3600));
		return Bucket.builder()
			.addLimit((limit) -> limit.capacity(capacity).refillGreedy(perHour, Duration.ofHours(1)))
			.build();
	}

	@Override
	public String toString() {
		return ((this.perSecond == Math.rint(this.perSecond)) ? String.valueOf((long) this.perSecond)
				: String.valueOf(this.perSecond)) + "/s";
	}

	/** Reads {@code --rate}. */
	public static final class Converter implements ITypeConverter<Rate> {

		@Override
		public Rate convert(String value) {
			Matcher matcher = FORMAT.matcher(value.strip().toLowerCase(Locale.ROOT));
			if (!matcher.matches()) {
				throw new TypeConversionException("'" + value + "' is not a rate: use N/s or N/m, e.g. 50/s");
			}
			double amount = Double.parseDouble(matcher.group(1));
			String unit = (matcher.group(2) != null) ? matcher.group(2).substring(0, 1) : "s";
			double perSecond = switch (unit) {
				case "m" -> amount / 60;
				case "h" -> amount / 3600;
				default -> amount;
			};
			if (perSecond < 1.0 / 3600 || perSecond > 1_000_000) {
				throw new TypeConversionException(
						"'" + value + "' is out of range: between 1/h and 1000000/s, e.g. 50/s");
			}
			return new Rate(perSecond);
		}

	}

}
