package dev.hookline.worker;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Each endpoint's circuit breaker, under
 * {@code hookline.worker.endpoint.circuit-breaker}; start-up fails on an invalid setting.
 *
 * <p>
 * The circuit opens when at least {@code failureRateThreshold} percent of the requests
 * the endpoint got in the last {@code window} failed (timeouts, connection errors, 5xx,
 * 408 and 429), once at least {@code minimumCalls} were made in it. A window of time
 * rather than of the last n requests, and a minimum of calls that a busy endpoint passes
 * in a fraction of it, make the rate an outage's and not the noise of a few unlucky
 * requests: at 20 % random failures, 10 failures among the first 20 requests happen about
 * once in 400 windows, and among the hundreds a busy endpoint gets in 30 s, never. While
 * it is open, the endpoint's deliveries are deferred to the retry tiers without a request
 * (and without spending an attempt), for {@code waitInOpen}; then one request probes the
 * endpoint, and a success closes the circuit again with a slow start.
 *
 * @param failureRateThreshold percentage of failed requests in the window that opens the
 * circuit, from 1 to 100
 * @param window how far back the failure rate is taken, in whole seconds, at least 1 s
 * @param minimumCalls requests the window must hold before the circuit can open
 * @param waitInOpen how long an open circuit sends nothing before it probes the endpoint
 */
@ConfigurationProperties("hookline.worker.endpoint.circuit-breaker")
public record CircuitBreakerSettings(@DefaultValue("50") int failureRateThreshold, @DefaultValue("30s") Duration window,
		@DefaultValue("20") int minimumCalls, @DefaultValue("30s") Duration waitInOpen) {

	public CircuitBreakerSettings {
		require(failureRateThreshold >= 1 && failureRateThreshold <= 100,
				"failure-rate-threshold must be between 1 and 100");
		require(window.toMillis() >= 1000 && window.toMillis() % 1000 == 0,
				"window must be a whole number of seconds, at least 1s: " + window);
		require(minimumCalls >= 1, "minimum-calls must be at least 1");
		require(!waitInOpen.isNegative() && !waitInOpen.isZero(), "wait-in-open must be positive");
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException("hookline.worker.endpoint.circuit-breaker." + message);
		}
	}

}
