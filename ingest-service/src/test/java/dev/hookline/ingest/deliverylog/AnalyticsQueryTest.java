package dev.hookline.ingest.deliverylog;

import java.time.Duration;
import java.time.Instant;

import dev.hookline.ingest.http.ApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The range and step of the analytics: defaults, alignment, and the limits named. */
class AnalyticsQueryTest {

	private static final Instant NOW = Instant.parse("2030-01-02T10:17:30Z");

	@Test
	void theLastDayByTheHourByDefault() {
		AnalyticsQuery query = AnalyticsQuery.parse(null, null, null, NOW);

		assertThat(query.from()).isEqualTo(Instant.parse("2030-01-01T10:00:00Z"));
		assertThat(query.to()).isEqualTo(NOW);
		assertThat(query.stepText()).isEqualTo("1h");
		assertThat(query.buckets()).isEqualTo(25);
		assertThat(query.hourly()).isTrue();
	}

	@Test
	void theStartIsAlignedToTheStepAndMinuteStepsReadMinutes() {
		AnalyticsQuery query = AnalyticsQuery.parse("2030-01-02T09:07:00Z", "2030-01-02T10:00:00Z", "15m", NOW);

		assertThat(query.from()).isEqualTo(Instant.parse("2030-01-02T09:00:00Z"));
		assertThat(query.step()).isEqualTo(Duration.ofMinutes(15));
		assertThat(query.buckets()).isEqualTo(4);
		assertThat(query.hourly()).isFalse();
		assertThat(AnalyticsQuery.parse(null, null, "1d", NOW).stepText()).isEqualTo("1d");
	}

	@Test
	void aBadParameterIsNamed() {
		assertRefused("from", () -> AnalyticsQuery.parse("yesterday", null, null, NOW));
		assertRefused("to", () -> AnalyticsQuery.parse("2030-01-02T10:00:00Z", "2030-01-02T09:00:00Z", null, NOW));
		assertRefused("step", () -> AnalyticsQuery.parse(null, null, "90s", NOW));
		assertRefused("step", () -> AnalyticsQuery.parse("2029-01-01T00:00:00Z", null, "1h", NOW));
		assertRefused("step", () -> AnalyticsQuery.parse("2029-12-01T00:00:00Z", null, "30m", NOW));
	}

	private static void assertRefused(String field, Runnable parse) {
		assertThatExceptionOfType(ApiException.class).isThrownBy(parse::run)
			.satisfies(ex -> assertThat(ex.status().value()).isEqualTo(400))
			.satisfies(ex -> assertThat(ex.properties()).containsEntry("field", field));
	}

}
