package dev.hookline.ingest;

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
 * without reading each other's files.
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
			.properties("spring.config.name=ingest");
	}

	public static void main(String[] args) {
		application().run(args);
	}

}
