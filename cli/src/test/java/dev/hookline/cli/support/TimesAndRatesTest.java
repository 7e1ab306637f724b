package dev.hookline.cli.support;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimesAndRatesTest {

	private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

	private final Times times = new Times(Clock.fixed(NOW, ZoneOffset.UTC));

	private final Rate.Converter rates = new Rate.Converter();

	@Test
	void aTimeIsAnInstantAnOffsetDateTimeOrATimeAgo() {
		assertThat(this.times.convert("2026-11-22T10:00:00Z")).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
		assertThat(this.times.convert("2026-11-22T11:00:00+01:00")).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
		assertThat(this.times.convert("30m")).isEqualTo(Instant.parse("2026-11-22T11:30:00Z"));
		assertThat(this.times.convert("2h")).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
		assertThat(this.times.convert("7d")).isEqualTo(Instant.parse("2026-11-15T12:00:00Z"));
		assertThat(this.times.convert("2w")).isEqualTo(Instant.parse("2026-11-08T12:00:00Z"));
	}

	@Test
	void anythingElseIsNotATime() {
		for (String bad : new String[] { "yesterday", "2h ago", "-2h", "2026-11-22", "10:00", "" }) {
			assertThatThrownBy(() -> this.times.convert(bad)).isInstanceOf(TypeConversionException.class)
				.hasMessageContaining("is not a time");
		}
	}

	@Test
	void aRateIsPerSecondPerMinuteOrPerHour() {
		assertThat(this.rates.convert("50/s").perSecond()).isEqualTo(50);
		assertThat(this.rates.convert("50").perSecond()).isEqualTo(50);
		assertThat(this.rates.convert("600/m").perSecond()).isEqualTo(10);
		assertThat(this.rates.convert("0.5/s").perSecond()).isEqualTo(0.5);
		assertThat(this.rates.convert("0.5/s")).hasToString("0.5/s");
		assertThat(this.rates.convert("3600/h").perSecond()).isEqualTo(1);
		for (String bad : new String[] { "fast", "0/s", "10/d", "-1/s", "" }) {
			assertThatThrownBy(() -> this.rates.convert(bad)).isInstanceOf(TypeConversionException.class);
		}
	}

	@Test
	void aRatesBucketNeverLetsMoreThanATenthOfASecondsWorthThroughAtOnce() {
		assertThat(new Rate(50).bucket().getAvailableTokens()).isEqualTo(5);
		assertThat(new Rate(0.5).bucket().getAvailableTokens()).isEqualTo(1);
	}

}
