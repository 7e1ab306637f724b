package dev.hookline.worker;

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
 * setting can point a part of the worker at another cluster.
 */
@SpringBootApplication(exclude = KafkaAutoConfiguration.class)
public class WorkerApplication {

	/**
	 * The application, configured but not started; add properties and call {@code run}.
	 */
	public static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(WorkerApplication.class).main(WorkerApplication.class)
			.web(WebApplicationType.NONE)
			.properties("spring.config.name=worker");
	}

	public static void main(String[] args) {
		application().run(args);
	}

}
