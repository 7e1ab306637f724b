package dev.hookline.worker.endpoint;

import java.time.Clock;

import dev.hookline.worker.CircuitBreakerSettings;
import dev.hookline.worker.EndpointSettings;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The per-endpoint concurrency caps and circuit breakers, from
 * {@code hookline.worker.endpoint}, and their metrics.
 */
@Configuration(proxyBeanMethods = false)
class EndpointConfiguration {

	@Bean
	Endpoints endpoints(EndpointSettings settings, CircuitBreakerSettings breaker, MeterRegistry registry) {
		Endpoints endpoints = new Endpoints(settings, breaker, Clock.systemUTC());
		Gauge.builder("hookline.worker.endpoint.waiting", endpoints, (known) -> known.waiting().waiting())
			.description("Deliveries waiting for a free slot under their endpoint's concurrency cap")
			.register(registry);
		Gauge.builder("hookline.worker.endpoint.open-circuits", endpoints, Endpoints::openCircuits)
			.description("Endpoints whose circuit is open or half-open")
			.register(registry);
		FunctionCounter.builder("hookline.worker.endpoint.deferred", endpoints, Endpoints::refused)
			.description("Deliveries handed to the retry tiers without a request because their endpoint's circuit "
					+ "was open")
			.register(registry);
		return endpoints;
	}

}
