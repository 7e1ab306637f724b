package dev.hookline.schemas;

import java.time.Duration;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * What the three services' HTTP servers and health share; each imports it.
 * <ul>
 * <li>{@code kafka} in health, part of readiness ({@link ManagementDefaults}): whether
 * the cluster answers within 3 s ({@link KafkaHealthIndicator}), asked by a client named
 * after {@code spring.application.name};</li>
 * <li>{@link TraceHops} on Spring Boot's OpenTelemetry tracer;</li>
 * <li>the server's own Reactor Netty resources ({@link OwnEventLoops}), so that stopping
 * one service stops no other server in the JVM.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
public class ServiceManagement {

	/** How long a health probe waits for Kafka. */
	static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(3);

	@Bean
	KafkaHealthIndicator kafkaHealthIndicator(KafkaSettings settings, Environment environment) {
		String service = environment.getProperty("spring.application.name", "hookline");
		return new KafkaHealthIndicator(settings, service + "-health", KAFKA_TIMEOUT);
	}

	/**
	 * The service's hops of an event's trace, on the tracer Spring Boot's OpenTelemetry
	 * support makes (no spans without it).
	 */
	@Bean
	TraceHops traceHops(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
		return new TraceHops(tracer.getIfAvailable(() -> Tracer.NOOP),
				propagator.getIfAvailable(() -> Propagator.NOOP));
	}

	@Bean
	ReactorResourceFactory reactorResourceFactory() {
		return OwnEventLoops.factory();
	}

}
