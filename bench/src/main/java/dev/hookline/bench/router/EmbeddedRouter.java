package dev.hookline.bench.router;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.hookline.router.RouterApplication;
import dev.hookline.router.RouterRunner;
import dev.hookline.schemas.KafkaSettings;
import org.apache.kafka.streams.KafkaStreams;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real router service (its own Spring context, as the launcher starts it) in this
 * JVM, on the benchmark's topics and consumer group, logging at WARN.
 *
 * <p>
 * Kafka Streams fills the global subscription store to the end of the subscriptions topic
 * before any stream thread routes an event, so subscriptions written before
 * {@link #start} are all matched against from the first event.
 */
final class EmbeddedRouter implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final RouterRunner runner;

	private EmbeddedRouter(ConfigurableApplicationContext context) {
		this.context = context;
		this.runner = context.getBean(RouterRunner.class);
	}

	/**
	 * Starts the router and waits until Kafka Streams is {@code RUNNING}.
	 * @throws IllegalStateException if it is not running within {@code timeout}
	 */
	static EmbeddedRouter start(KafkaSettings kafka, String applicationId, Path stateDir, Duration dedupWindow,
			Duration timeout) throws InterruptedException {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("hookline.kafka.bootstrap-servers", kafka.bootstrapServers());
		properties.put("hookline.kafka.topic-prefix", kafka.topicPrefix());
		properties.put("hookline.kafka.partitions", kafka.partitions());
		if (kafka.replicationFactor() != null) {
			properties.put("hookline.kafka.replication-factor", kafka.replicationFactor());
		}
		properties.put("hookline.router.application-id", applicationId);
		properties.put("hookline.router.state-dir", stateDir.toString());
		properties.put("hookline.router.dedup-window", dedupWindow.toMillis() + "ms");
		properties.put("hookline.local-mode", "true");
		properties.put("spring.main.banner-mode", "off");
		properties.put("logging.level.root", "WARN");
		properties.put("server.port", "0");
		// command-line arguments win over router.yml, as in the launcher
		String[] args = properties.entrySet()
			.stream()
			.map((e) -> "--" + e.getKey() + "=" + e.getValue())
			.toArray(String[]::new);
		EmbeddedRouter router = new EmbeddedRouter(
				RouterApplication.application().registerShutdownHook(false).run(args));
		try {
			router.awaitRunning(timeout);
			return router;
		}
		catch (InterruptedException | RuntimeException ex) {
			router.close();
			throw ex;
		}
	}

	private void awaitRunning(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.runner.state() != KafkaStreams.State.RUNNING) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						"router-load: the router is " + this.runner.state() + " after " + timeout + ", not RUNNING");
			}
			Thread.sleep(50);
		}
	}

	/**
	 * Fails when Kafka Streams has stopped or failed, since routing would then never
	 * finish.
	 */
	void requireAlive() {
		KafkaStreams.State state = this.runner.state();
		if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
				|| state == KafkaStreams.State.PENDING_ERROR || state == KafkaStreams.State.PENDING_SHUTDOWN) {
			throw new IllegalStateException("router-load: the router stopped routing, Kafka Streams is " + state);
		}
		if (this.runner.droppedRecords() > 0) {
			throw new IllegalStateException(
					"router-load: the router skipped " + this.runner.droppedRecords() + " undecodable records");
		}
	}

	/** Events the router dropped as copies (none expected: every id is unique). */
	double duplicateEvents() {
		return this.runner.duplicateEvents();
	}

	@Override
	public void close() {
		this.context.close();
	}

}
