package dev.hookline.ingest;

import java.util.List;

import dev.hookline.schemas.ManagementDefaults;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The ingest service: event ingest for producers and the admin API.
 *
 * <p>
 * Reads its settings from {@code ingest.yml} rather than {@code application.yml}, so that
 * the three services can share one JVM (the embedded mode and the end-to-end tests)
 * without reading each other's files. Health and metrics are served apart from the API,
 * on {@code management.server.port} (8081 by default, {@link ManagementDefaults}), so
 * that the API's port can face producers without exposing them.
 */
@SpringBootApplication
@EnableConfigurationProperties({ IngestProperties.class, HooklineProperties.class })
public class IngestApplication {

	/**
	 * The application, configured but not started; add properties and call {@code run}.
	 */
	public static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(IngestApplication.class).main(IngestApplication.class)
			.web(WebApplicationType.REACTIVE)
			.properties("spring.config.name=ingest")
			.properties(ManagementDefaults.properties("management.server.port", ManagementDefaults.INGEST_PORT,
					List.of(), List.of()));
	}

	public static void main(String[] args) {
		application().run(args);
	}

}
