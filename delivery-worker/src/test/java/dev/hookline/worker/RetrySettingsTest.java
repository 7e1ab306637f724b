package dev.hookline.worker;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RetrySettingsTest {

	@Test
	void theDefaultScheduleIsTheProductionOne() {
		RetrySettings settings = bind(Map.of());

		assertThat(settings.delays()).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(5),
				Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(12));
		assertThat(settings.jitter()).isEqualTo(0.1);
	}

	@Test
	void delaysComeFromConfiguration() {
		RetrySettings settings = bind(
				Map.of("hookline.worker.retry.delays", "1s,1s,2s,2s,3s", "hookline.worker.retry.jitter", "0"));

		assertThat(settings.delays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1),
				Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(3));
		assertThat(settings.jitter()).isZero();
	}

	@Test
	void aScheduleWithoutOneDelayPerTierFailsStartUp() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("hookline.worker.retry.delays", "1s,1s,2s,2s")))
			.havingRootCause()
			.withMessageContaining("hookline.worker.retry.delays lists 4 delays; there are 5 retry tiers");
	}

	@Test
	void delaysThatGetShorterFailStartUp() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("hookline.worker.retry.delays", "1m,5m,2m,2h,12h")))
			.havingRootCause()
			.withMessageContaining("must not get shorter");
	}

	@Test
	void subscriptionsAreDisabledAfterFiveDaysOfFailuresUnlessConfiguredOtherwise() {
		Binder defaults = new Binder(new MapConfigurationPropertySource(Map.of()));
		Binder configured = new Binder(
				new MapConfigurationPropertySource(Map.of("hookline.worker.auto-disable-after", "36h")));

		assertThat(defaults.bindOrCreate("hookline.worker", WorkerSettings.class).autoDisableAfter())
			.isEqualTo(Duration.ofDays(5));
		assertThat(configured.bindOrCreate("hookline.worker", WorkerSettings.class).autoDisableAfter())
			.isEqualTo(Duration.ofHours(36));
	}

	private static RetrySettings bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("hookline.worker.retry",
				RetrySettings.class);
	}

}
