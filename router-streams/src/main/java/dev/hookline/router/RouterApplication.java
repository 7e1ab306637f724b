package dev.hookline.router;

import java.time.Duration;
import java.util.List;

import dev.hookline.schemas.ConsumerLag;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.ManagementDefaults;
import dev.hookline.schemas.PublishedSchemas;
import dev.hookline.schemas.ServiceManagement;
import dev.hookline.schemas.Topics;
import dev.hookline.schemas.TraceHops;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The router: a Kafka Streams app that turns each event into one delivery per matching
 * subscription.
 *
 * <p>
 * Reads its settings from {@code router.yml} rather than {@code application.yml}, so that
 * the three services can share one JVM (the embedded mode and the end-to-end tests)
 * without reading each other's files. Spring only binds settings, runs
 * {@link RouterRunner} and serves health and metrics on {@code server.port}, 8083 by
 * default ({@link ManagementDefaults}; readiness asks for Kafka and for Streams
 * {@code RUNNING}); the routing itself is {@code RouterTopology}.
 */
@SpringBootApplication
@Import(ServiceManagement.class)
@EnableConfigurationProperties(RouterProperties.class)
public class RouterApplication {

	/**
	 * The application, configured but not started; add properties and call {@code run}.
	 */
	public static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(RouterApplication.class).main(RouterApplication.class)
			.web(WebApplicationType.REACTIVE)
			.properties("spring.config.name=router", "spring.application.name=hookline-router")
			.properties(ManagementDefaults.properties("server.port", ManagementDefaults.ROUTER_PORT, List.of("streams"),
					List.of()));
	}

	public static void main(String[] args) {
		application().run(args);
	}

	@Bean
	KafkaSettings kafkaSettings(Environment environment) {
		return Binder.get(environment).bindOrCreate("hookline.kafka", KafkaSettings.class);
	}

	/** {@code hookline.consumer.lag} of the router on the events topic. */
	@Bean(destroyMethod = "close")
	ConsumerLag consumerLag(KafkaSettings settings, Topics topics, RouterProperties router, MeterRegistry registry) {
		return new ConsumerLag(settings, "hookline-router-lag", router.applicationId(), List.of(topics.events().name()),
				registry, Duration.ofSeconds(15));
	}

	/** {@code streams} in health: Kafka Streams' state. */
	@Bean
	StreamsHealthIndicator streamsHealthIndicator(RouterRunner runner) {
		return new StreamsHealthIndicator(runner::state);
	}

	@Bean
	Topics topics(KafkaSettings settings, PublishedSchemas publishedSchemas) {
		return settings.topics().readingWith(publishedSchemas);
	}

	/**
	 * Creates the missing topics and publishes this release's schemas, then reads the
	 * schemas every release published, so that events and subscriptions a newer release
	 * writes during a rolling upgrade are routed too.
	 */
	@Bean(destroyMethod = "close")
	PublishedSchemas publishedSchemas(KafkaSettings settings, Environment environment) throws InterruptedException {
		// the router has no other use for the local mode the other services share
		boolean localMode = environment.getProperty("hookline.local-mode", Boolean.class, false);
		return PublishedSchemas.provision(settings, "hookline-router-schemas", localMode);
	}

	/**
	 * Kafka Streams in {@code ERROR} routes nothing and never recovers: the router then
	 * closes its context and exits with status 1 (from a thread of its own, since Kafka
	 * Streams' own thread reports the state), for its supervisor to restart or report it.
	 * In the embedded mode that stops the whole process.
	 */
	@Bean
	RouterRunner routerRunner(KafkaSettings settings, Topics topics, RouterProperties router,
			ConfigurableApplicationContext context, MeterRegistry registry, TraceHops traces) {
		return new RouterRunner(settings, topics, router, () -> new Thread(() -> {
			int status = SpringApplication.exit(context, () -> 1);
			System.exit(status);
		}, "router-exit").start(), registry, traces);
	}

}
