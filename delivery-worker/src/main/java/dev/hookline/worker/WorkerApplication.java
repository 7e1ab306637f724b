package dev.hookline.worker;

import java.util.List;

import dev.hookline.schemas.ManagementDefaults;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;

/**
 * The delivery worker: signs and POSTs deliveries and records every attempt.
 *
 * <p>
 * Reads its settings from {@code worker.yml} rather than {@code application.yml}, so that
 * the three services can share one JVM (the embedded mode and the end-to-end tests)
 * without reading each other's files. Spring Boot's Kafka auto-configuration is left out:
 * every Kafka client is built from {@code hookline.kafka.*}, so no {@code spring.kafka.*}
 * setting can point a part of the worker at another cluster. Its only HTTP server is the
 * management one ({@link ManagementDefaults}): health on {@code server.port}, 8082 by
 * default, with the consumer's liveness ({@code intake}) and Kafka in readiness.
 */
@SpringBootApplication(exclude = KafkaAutoConfiguration.class)
public class WorkerApplication {

	/**
	 * The application, configured but not started; add properties and call {@code run}.
	 */
	public static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(WorkerApplication.class).main(WorkerApplication.class)
			.web(WebApplicationType.REACTIVE)
			.properties("spring.config.name=worker")
			.properties(ManagementDefaults.properties("server.port", ManagementDefaults.WORKER_PORT, List.of(),
					List.of("intake")));
	}

	public static void main(String[] args) {
		application().run(args);
	}

}
