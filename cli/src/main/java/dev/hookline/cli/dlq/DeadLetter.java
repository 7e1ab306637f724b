package dev.hookline.cli.dlq;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.Outcome;

/**
 * One record of the dead-letter topic.
 *
 * @param partition its DLQ partition
 * @param offset its DLQ offset
 * @param recordTime its Kafka timestamp: when it was dead-lettered
 * @param delivery the delivery, with its last outcome
 */
record DeadLetter(int partition, long offset, Instant recordTime, Delivery delivery) {

	/** The key of its replay mark: {@code partition:offset}. */
	String markKey() {
		return this.partition + ":" + this.offset;
	}

	String deliveryId() {
		return this.delivery.getDeliveryId();
	}

	/** When it was last tried; the dead-lettering time when no outcome is recorded. */
	Instant lastAttemptAt() {
		Outcome outcome = this.delivery.getLastOutcome();
		return (outcome != null) ? outcome.getAt() : this.recordTime;
	}

	/** The last outcome for people: {@code HTTP 503}, {@code timeout}, or empty. */
	String outcomeText() {
		Outcome outcome = this.delivery.getLastOutcome();
		if (outcome == null) {
			return "";
		}
		if (outcome.getStatus() != null) {
			return "HTTP " + outcome.getStatus();
		}
		return (outcome.getError() != null) ? outcome.getError() : "";
	}

	String body() {
		ByteBuffer body = this.delivery.getBody().duplicate();
		byte[] bytes = new byte[body.remaining()];
		body.get(bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
