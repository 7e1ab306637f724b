package dev.hookline.ingest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the HTTP API, bound from {@code hookline.ingest}; out-of-range values fail
 * the start-up with {@link IllegalArgumentException}.
 *
 * @param maxBodySize largest request body accepted; a larger one is answered 413
 * @param maxJsonDepth deepest nesting of a JSON body, the batch array included; deeper is
 * answered 400
 * @param maxBatch most events in one request
 * @param kafkaTimeout how long a request waits for Kafka (acknowledgements and read
 * barriers) before it is answered 503
 */
@ConfigurationProperties("hookline.ingest")
public record IngestProperties(@DefaultValue("256KB") DataSize maxBodySize, @DefaultValue("32") int maxJsonDepth,
		@DefaultValue("1000") int maxBatch, @DefaultValue("10s") Duration kafkaTimeout) {

	private static final DataSize LARGEST_BODY = DataSize.ofMegabytes(16);

	public IngestProperties {
		if (maxBodySize.toBytes() < 1024 || maxBodySize.compareTo(LARGEST_BODY) > 0) {
			throw new IllegalArgumentException(
					"hookline.ingest.max-body-size must be between 1KB and 16MB, was " + maxBodySize);
		}
		if (maxJsonDepth < 2 || maxJsonDepth > 1000) {
			throw new IllegalArgumentException(
					"hookline.ingest.max-json-depth must be between 2 and 1000, was " + maxJsonDepth);
		}
		if (maxBatch < 1) {
			throw new IllegalArgumentException("hookline.ingest.max-batch must be at least 1, was " + maxBatch);
		}
		if (kafkaTimeout.compareTo(Duration.ofMillis(100)) < 0) {
			throw new IllegalArgumentException(
					"hookline.ingest.kafka-timeout must be at least 100ms, was " + kafkaTimeout);
		}
	}

	/** The body limit in bytes, for buffer APIs that take an int. */
	public int maxBodyBytes() {
		return Math.toIntExact(this.maxBodySize.toBytes());
	}

}
