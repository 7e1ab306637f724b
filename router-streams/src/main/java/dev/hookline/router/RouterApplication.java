package dev.hookline.router;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The router: a Kafka Streams app that turns each event into one delivery per matching
 * subscription.
 *
 * <p>
 * Reads its settings from {@code router.yml} rather than {@code application.yml}, so that
 * the three services can share one JVM (the embedded mode and the end-to-end tests)
 * without reading each other's files.
 */
@SpringBootApplication
public class RouterApplication {

	/**
	 * The application, configured but not started; add properties and call {@code run}.
	 */
	public static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(RouterApplication.class).web(WebApplicationType.NONE)
			.properties("spring.config.name=router");
	}

	public static void main(String[] args) {
		application().run(args);
	}

}
