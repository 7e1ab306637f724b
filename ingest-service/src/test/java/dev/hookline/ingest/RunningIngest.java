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

	/**
	 * How long a client waits for an answer. The tests check answers, not speed: on a
	 * loaded two-core CI machine the first write of a subscription (a transactional
	 * producer's first lease, the read barriers) has taken over 30 s.
	 */
	private static final Duration PATIENCE = Duration.ofMinutes(2);

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
				"logging.level.state.change.logger=WARN",
				// each step of a request may wait this long for Kafka before answering
				// 503;
				// the default 10 s is for production, not for a starved test machine
				"hookline.ingest.kafka-timeout=30s"));
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
			.responseTimeout(PATIENCE)
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.build();
	}

	/** A client that sends no key. */
	public WebTestClient anonymousClient() {
		return WebTestClient.bindToServer().baseUrl("http://localhost:" + this.port).responseTimeout(PATIENCE).build();
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
