package dev.hookline.worker;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EndpointSettingsTest {

	@Test
	void anEndpointGets64RequestsAtOnceAndAHundredWaitingUnlessConfiguredOtherwise() {
		EndpointSettings defaults = bind(Map.of(), "hookline.worker.endpoint", EndpointSettings.class);
		EndpointSettings configured = bind(
				Map.of("hookline.worker.endpoint.max-concurrency", "8", "hookline.worker.endpoint.max-waiting", "20"),
				"hookline.worker.endpoint", EndpointSettings.class);

		assertThat(defaults.maxConcurrency()).isEqualTo(64);
		assertThat(defaults.maxWaiting()).isEqualTo(100);
		assertThat(configured.maxConcurrency()).isEqualTo(8);
		assertThat(configured.maxWaiting()).isEqualTo(20);
	}

	@Test
	void aCircuitOpensWhenHalfOfTheLastThirtySecondsRequestsFailedOnceTwentyWereMadeUnlessConfiguredOtherwise() {
		CircuitBreakerSettings defaults = breaker(Map.of());
		CircuitBreakerSettings configured = breaker(Map.of("hookline.worker.endpoint.circuit-breaker.window", "10s",
				"hookline.worker.endpoint.circuit-breaker.minimum-calls", "5",
				"hookline.worker.endpoint.circuit-breaker.failure-rate-threshold", "80",
				"hookline.worker.endpoint.circuit-breaker.wait-in-open", "2s"));

		assertThat(defaults)
			.isEqualTo(new CircuitBreakerSettings(50, Duration.ofSeconds(30), 20, Duration.ofSeconds(30)));
		assertThat(configured)
			.isEqualTo(new CircuitBreakerSettings(80, Duration.ofSeconds(10), 5, Duration.ofSeconds(2)));
	}

	@Test
	void anEndpointWithNoRoomFailsStartUp() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("hookline.worker.endpoint.max-concurrency", "0"), "hookline.worker.endpoint",
					EndpointSettings.class))
			.havingRootCause()
			.withMessageContaining("hookline.worker.endpoint.max-concurrency must be at least 1");
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("hookline.worker.endpoint.max-waiting", "0"), "hookline.worker.endpoint",
					EndpointSettings.class))
			.havingRootCause()
			.withMessageContaining("hookline.worker.endpoint.max-waiting must be at least 1");
	}

	@Test
	void aCircuitBreakerThatCouldNeverOpenOrCloseFailsStartUp() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> breaker(Map.of("hookline.worker.endpoint.circuit-breaker.failure-rate-threshold", "0")))
			.havingRootCause()
			.withMessageContaining("failure-rate-threshold must be between 1 and 100");
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> breaker(Map.of("hookline.worker.endpoint.circuit-breaker.minimum-calls", "0")))
			.havingRootCause()
			.withMessageContaining("minimum-calls must be at least 1");
		// a bare number would be milliseconds: refused rather than read as a 20 ms window
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> breaker(Map.of("hookline.worker.endpoint.circuit-breaker.window", "20")))
			.havingRootCause()
			.withMessageContaining("window must be a whole number of seconds, at least 1s");
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> breaker(Map.of("hookline.worker.endpoint.circuit-breaker.window", "1500ms")))
			.havingRootCause()
			.withMessageContaining("window must be a whole number of seconds");
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> breaker(Map.of("hookline.worker.endpoint.circuit-breaker.wait-in-open", "0s")))
			.havingRootCause()
			.withMessageContaining("hookline.worker.endpoint.circuit-breaker.wait-in-open must be positive");
	}

	private static CircuitBreakerSettings breaker(Map<String, String> properties) {
		return bind(properties, "hookline.worker.endpoint.circuit-breaker", CircuitBreakerSettings.class);
	}

	@Test
	void theWorkerAdmitsFewerDeliveriesOnceTheCollectorTakesMoreThanFifteenPercentUnlessConfiguredOtherwise() {
		assertThat(bind(Map.of(), "hookline.worker", WorkerSettings.class).gcOverheadLimit()).isEqualTo(0.15);
		assertThat(bind(Map.of("hookline.worker.gc-overhead-limit", "0"), "hookline.worker", WorkerSettings.class)
			.gcOverheadLimit()).isZero();
		assertThatExceptionOfType(BindException.class).isThrownBy(
				() -> bind(Map.of("hookline.worker.gc-overhead-limit", "1.5"), "hookline.worker", WorkerSettings.class))
			.havingRootCause()
			.withMessageContaining("gc-overhead-limit must be at least 0 (off) and less than 1");
	}

	private static <T> T bind(Map<String, String> properties, String prefix, Class<T> type) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate(prefix, type);
	}

}
