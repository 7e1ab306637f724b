package dev.hookline.worker.ratelimit;

import dev.hookline.worker.RateLimitSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The rate limits and the bound on deliveries waiting for them, from
 * {@code hookline.worker.rate-limit}.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	@Bean
	RateLimits rateLimits() {
		return new RateLimits();
	}

	@Bean
	WaitingDeliveries waitingDeliveries(RateLimitSettings settings, MeterRegistry registry) {
		WaitingDeliveries waiting = new WaitingDeliveries(settings.maxWaiting(), settings.maxWait());
		Gauge.builder("hookline.worker.rate-limit.waiting", waiting, WaitingDeliveries::waiting)
			.description("Deliveries waiting for their subscription's rate-limit slot")
			.register(registry);
		return waiting;
	}

}
