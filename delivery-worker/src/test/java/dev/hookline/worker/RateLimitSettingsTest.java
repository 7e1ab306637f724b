package dev.hookline.worker;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RateLimitSettingsTest {

	@Test
	void aSubscriptionMayHaveAHundredDeliveriesOrTenSecondsOfItsRateWaitingUnlessConfiguredOtherwise() {
		RateLimitSettings defaults = bind(Map.of());
		RateLimitSettings configured = bind(
				Map.of("hookline.worker.rate-limit.max-waiting", "5", "hookline.worker.rate-limit.max-wait", "2s"));

		assertThat(defaults.maxWaiting()).isEqualTo(100);
		assertThat(defaults.maxWait()).isEqualTo(Duration.ofSeconds(10));
		assertThat(configured.maxWaiting()).isEqualTo(5);
		assertThat(configured.maxWait()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void noRoomToWaitFailsStartUp() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("hookline.worker.rate-limit.max-waiting", "0")))
			.havingRootCause()
			.withMessageContaining("hookline.worker.rate-limit.max-waiting must be at least 1");
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("hookline.worker.rate-limit.max-wait", "0s")))
			.havingRootCause()
			.withMessageContaining("hookline.worker.rate-limit.max-wait must be positive");
	}

	private static RateLimitSettings bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("hookline.worker.rate-limit",
				RateLimitSettings.class);
	}

}
