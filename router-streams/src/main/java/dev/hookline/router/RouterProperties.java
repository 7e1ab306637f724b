package dev.hookline.router;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The router's settings under {@code hookline.router}; the Kafka cluster and topic names
 * are the shared {@code hookline.kafka} settings.
 *
 * <p>
 * Invalid values fail start-up with {@link IllegalArgumentException}.
 *
 * @param applicationId Kafka Streams application id: the consumer group and the prefix of
 * transactional ids (default {@code hookline-router})
 * @param stateDir Kafka Streams' state directory (default
 * {@code <java.io.tmpdir>/hookline-router}): holds the deduplication store (RocksDB),
 * which is rebuilt from its changelog when missing; one instance per directory
 * @param threads stream threads, each taking a share of the events partitions (default 1)
 * @param commitInterval how often a transaction commits, which bounds how long a delivery
 * stays invisible to read_committed workers (default 100ms)
 * @param closeTimeout how long stopping waits for Kafka Streams to close (default 30s)
 * @param dedupWindow how long the router remembers each (tenant, event id) to drop
 * copies, 0 to turn deduplication off (default 1h: retried publishes arrive within
 * seconds or minutes, while the store grows with event rate × window)
 * @param streams extra Kafka Streams settings (security, tuning), applied last (default
 * none)
 */
@ConfigurationProperties("hookline.router")
public record RouterProperties(String applicationId, Path stateDir, int threads, Duration commitInterval,
		Duration closeTimeout, Duration dedupWindow, Map<String, String> streams) {

	private static final String DEFAULT_STATE_DIR_NAME = "hookline-router";

	/**
	 * Binds the settings; {@code stateDir} is a string here because a placeholder such as
	 * {@code java.io.tmpdir} cannot go in {@link DefaultValue}.
	 */
	@ConstructorBinding
	public RouterProperties(@DefaultValue("hookline-router") String applicationId, @Nullable String stateDir,
			@DefaultValue("1") int threads, @DefaultValue("100ms") Duration commitInterval,
			@DefaultValue("30s") Duration closeTimeout, @DefaultValue("1h") Duration dedupWindow,
			@DefaultValue Map<String, String> streams) {
		this(applicationId, (stateDir != null && !stateDir.isBlank()) ? Path.of(stateDir) : defaultStateDir(), threads,
				commitInterval, closeTimeout, dedupWindow, streams);
	}

	public RouterProperties {
		if (applicationId.isBlank()) {
			throw new IllegalArgumentException("hookline.router.application-id must not be blank");
		}
		if (threads < 1) {
			throw new IllegalArgumentException("hookline.router.threads must be at least 1, was " + threads);
		}
		if (commitInterval.isNegative() || commitInterval.isZero()) {
			throw new IllegalArgumentException(
					"hookline.router.commit-interval must be positive, was " + commitInterval);
		}
		if (closeTimeout.isNegative()) {
			throw new IllegalArgumentException(
					"hookline.router.close-timeout must not be negative, was " + closeTimeout);
		}
		if (dedupWindow.isNegative() || (!dedupWindow.isZero() && dedupWindow.toMillis() == 0)) {
			throw new IllegalArgumentException(
					"hookline.router.dedup-window must be 0 (off) or at least 1ms, was " + dedupWindow);
		}
		streams = Map.copyOf(streams);
	}

	/** All settings at their defaults. */
	public static RouterProperties defaults() {
		return new RouterProperties("hookline-router", (String) null, 1, Duration.ofMillis(100), Duration.ofSeconds(30),
				Duration.ofHours(1), Map.of());
	}

	static Path defaultStateDir() {
		return Path.of(System.getProperty("java.io.tmpdir"), DEFAULT_STATE_DIR_NAME);
	}

}
