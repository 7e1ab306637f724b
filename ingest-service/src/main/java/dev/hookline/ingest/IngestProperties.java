package dev.hookline.ingest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
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
 * @param deliveryLog the in-memory delivery log behind the attempts and delivery
 * endpoints
 */
@ConfigurationProperties("hookline.ingest")
public record IngestProperties(@DefaultValue("256KB") DataSize maxBodySize, @DefaultValue("32") int maxJsonDepth,
		@DefaultValue("1000") int maxBatch, @DefaultValue("10s") Duration kafkaTimeout,
		@DefaultValue DeliveryLog deliveryLog) {

	private static final DataSize LARGEST_BODY = DataSize.ofMegabytes(16);

	/** Limits with the delivery log's defaults. */
	public IngestProperties(DataSize maxBodySize, int maxJsonDepth, int maxBatch, Duration kafkaTimeout) {
		this(maxBodySize, maxJsonDepth, maxBatch, kafkaTimeout, DeliveryLog.DEFAULTS);
	}

	@ConstructorBinding
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

	/**
	 * The delivery log, bound from {@code hookline.ingest.delivery-log}: what it reads at
	 * start-up and how much it keeps; out-of-range values fail the start-up with
	 * {@link IllegalArgumentException}.
	 *
	 * @param retention how far back the log reads at start-up, and how long it keeps a
	 * delivery after its last record
	 * @param maxDeliveries most deliveries kept; past it the least recently heard of
	 * leave first
	 * @param maxAttemptsPerSubscription most attempts listed per subscription, the newest
	 */
	public record DeliveryLog(@DefaultValue("7d") Duration retention, @DefaultValue("100000") int maxDeliveries,
			@DefaultValue("1000") int maxAttemptsPerSubscription) {

		/** Every setting at its default. */
		public static final DeliveryLog DEFAULTS = new DeliveryLog(Duration.ofDays(7), 100_000, 1000);

		public DeliveryLog {
			if (retention.compareTo(Duration.ofMinutes(1)) < 0) {
				throw new IllegalArgumentException(
						"hookline.ingest.delivery-log.retention must be at least 1m, was " + retention);
			}
			if (maxDeliveries < 1) {
				throw new IllegalArgumentException(
						"hookline.ingest.delivery-log.max-deliveries must be at least 1, was " + maxDeliveries);
			}
			if (maxAttemptsPerSubscription < 1) {
				throw new IllegalArgumentException(
						"hookline.ingest.delivery-log.max-attempts-per-subscription must be at least 1, was "
								+ maxAttemptsPerSubscription);
			}
		}

	}

}
