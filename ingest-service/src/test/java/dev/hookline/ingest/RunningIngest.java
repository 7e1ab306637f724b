package dev.hookline.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The real ingest service, started the way the launcher starts it, on a free port, with
 * {@link TestKeys}; and clients for it.
 */
public final class RunningIngest implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final int port;

	private RunningIngest(ConfigurableApplicationContext context) {
		this.context = context;
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/**
	 * @param extraProperties more {@code name=value} settings, overriding the defaults
	 * here
	 */
	public static RunningIngest start(String bootstrapServers, Path keysetFile, String... extraProperties) {
		List<String> properties = new ArrayList<>(List.of("server.port=0", "management.server.port=0",
				"hookline.kafka.bootstrap-servers=" + bootstrapServers, "hookline.kafka.partitions=2",
				"hookline.crypto.keyset-file=" + keysetFile, "hookline.crypto.create-if-missing=true",
				"spring.main.banner-mode=off", "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN",
				"logging.level.state.change.logger=WARN"));
		properties.addAll(TestKeys.properties());
		properties.addAll(Arrays.asList(extraProperties));
		return new RunningIngest(IngestApplication.application()
			.registerShutdownHook(false)
			.properties(properties.toArray(String[]::new))
			.run());
	}

	/** A client that sends {@code key} as its bearer token. */
	public WebTestClient client(String key) {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.build();
	}

	/** A client that sends no key. */
	public WebTestClient anonymousClient() {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
