package dev.hookline.ingest.deliverylog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The delivery history's settings, bound from {@code hookline.ingest.history};
 * out-of-range values fail the start-up with {@link IllegalArgumentException}.
 *
 * @param retention how long a delivery and its attempts stay answerable, from when the
 * history first heard of it (1 h to 365 d, default 30 d)
 * @param stateDir where its RocksDB stores live; blank for
 * {@code <java.io.tmpdir>/hookline-ingest-history-<port>}. Keep it on a persistent disk:
 * a restart then reads only what it missed, never the topics from the start
 * @param advertisedUrl how the other ingest instances reach this one to forward a query
 * ({@code http://host:port}); blank for {@code http://localhost:<port>}, which only works
 * while every instance runs on one host
 * @param applicationId the Kafka Streams application id, also the consumer group
 * @param threads stream threads
 * @param commitInterval how often it commits what it read
 * @param blockCache RocksDB's block cache, shared by every store of the process
 * @param writeBuffers RocksDB's memtables, all stores of the process together
 * @param closeTimeout how long a shutdown waits for Kafka Streams
 * @param recoverRate deliveries per second that recovers queue again, all of this
 * instance's together (1 to 10,000, default 100)
 * @param streams more Kafka Streams settings, applied last
 */
@ConfigurationProperties("hookline.ingest.history")
public record HistoryProperties(@DefaultValue("30d") Duration retention, @Nullable Path stateDir,
		@Nullable String advertisedUrl, @DefaultValue("hookline-ingest-history") String applicationId,
		@DefaultValue("1") int threads, @DefaultValue("1s") Duration commitInterval,
		@DefaultValue("64MB") DataSize blockCache, @DefaultValue("32MB") DataSize writeBuffers,
		@DefaultValue("30s") Duration closeTimeout, @DefaultValue("100") int recoverRate,
		@DefaultValue Map<String, String> streams) {

	public HistoryProperties {
		if (retention.compareTo(Duration.ofHours(1)) < 0 || retention.compareTo(Duration.ofDays(365)) > 0) {
			throw new IllegalArgumentException(
					"hookline.ingest.history.retention must be between 1h and 365d, was " + retention);
		}
		if (recoverRate < 1 || recoverRate > 10_000) {
			throw new IllegalArgumentException(
					"hookline.ingest.history.recover-rate must be between 1 and 10000, was " + recoverRate);
		}
		if (threads < 1) {
			throw new IllegalArgumentException("hookline.ingest.history.threads must be at least 1, was " + threads);
		}
		if (blockCache.toMegabytes() < 8 || writeBuffers.toMegabytes() < 8) {
			throw new IllegalArgumentException(
					"hookline.ingest.history.block-cache and write-buffers must be at least 8MB, were " + blockCache
							+ " and " + writeBuffers);
		}
		if (advertisedUrl != null && !advertisedUrl.isBlank() && !advertisedUrl.matches("https?://[^/:]+:[0-9]+/?")) {
			throw new IllegalArgumentException(
					"hookline.ingest.history.advertised-url must be http(s)://host:port, was " + advertisedUrl);
		}
		if (stateDir != null && stateDir.toString().isBlank()) {
			stateDir = null;
		}
		if (advertisedUrl != null && advertisedUrl.isBlank()) {
			advertisedUrl = null;
		}
	}

}
