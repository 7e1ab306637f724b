package dev.hookline.ingest.kafka;

/**
 * Kafka did not confirm a write or a read barrier within the configured time: the broker
 * is down, unreachable or too slow. What was written before the failure may or may not be
 * in Kafka. Answered 503.
 */
public final class KafkaUnavailableException extends RuntimeException {

	public KafkaUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
