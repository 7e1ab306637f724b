package dev.hookline.worker;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Each endpoint's circuit breaker, under
 * {@code hookline.worker.endpoint.circuit-breaker}; start-up fails on an invalid setting.
 *
 * <p>
 * The circuit opens when at least {@code failureRateThreshold} percent of the endpoint's
 * last {@code slidingWindow} requests failed (timeouts, connection errors, 5xx, 408 and
 * 429), once at least {@code minimumCalls} were made. While it is open, the endpoint's
 * deliveries go to the retry tiers without a request, for {@code waitInOpen}; then one
 * request probes the endpoint, and a success closes the circuit again with a slow start.
 *
 * @param failureRateThreshold percentage of failed requests in the window that opens the
 * circuit, from 1 to 100
 * @param slidingWindow how many of the endpoint's last requests the failure rate is taken
 * over
 * @param minimumCalls requests the window must hold before the circuit can open; at most
 * {@code slidingWindow}
 * @param waitInOpen how long an open circuit sends nothing before it probes the endpoint
 */
@ConfigurationProperties("hookline.worker.endpoint.circuit-breaker")
public record CircuitBreakerSettings(@DefaultValue("50") int failureRateThreshold,
		@DefaultValue("20") int slidingWindow, @DefaultValue("10") int minimumCalls,
		@DefaultValue("30s") Duration waitInOpen) {

	public CircuitBreakerSettings {
		require(failureRateThreshold >= 1 && failureRateThreshold <= 100,
				"failure-rate-threshold must be between 1 and 100");
		require(slidingWindow >= 1, "sliding-window must be at least 1");
		require(minimumCalls >= 1 && minimumCalls <= slidingWindow,
				"minimum-calls must be at least 1 and at most sliding-window");
		require(!waitInOpen.isNegative() && !waitInOpen.isZero(), "wait-in-open must be positive");
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException("hookline.worker.endpoint.circuit-breaker." + message);
		}
	}

}
