package dev.hookline.ingest.deliverylog;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.hookline.ingest.http.ApiException;
import dev.hookline.ingest.kafka.KafkaPublisher;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.Topic;
import dev.hookline.schemas.Topics;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;

/**
 * Queues a delivery the history holds once more, for redeliver and recover: its newest
 * record on {@code deliveries} or the DLQ, read through the index
 * ({@link DeliveryFetch}), written to {@code deliveries} as attempt 1, due now, without
 * its last outcome, so the worker sends it at once to the subscription's current URL,
 * signed with its current secret, with the same delivery id (the {@code webhook-id}) and
 * body. Completes once Kafka acknowledged it.
 */
final class Requeue {

	private final DeliveryFetch fetch;

	private final KafkaPublisher kafka;

	private final Topic<String, Delivery> deliveries;

	Requeue(DeliveryFetch fetch, KafkaPublisher kafka, Topics topics) {
		this.fetch = fetch;
		this.kafka = kafka;
		this.deliveries = topics.deliveries();
	}

	/**
	 * @throws ApiException 410 (in the {@code Mono}) when Kafka's retention already
	 * deleted the record with its body
	 */
	Mono<Redelivery> queueAgain(StoredDelivery stored) {
		return record(stored).flatMap(delivery -> {
			Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
			Delivery again = Delivery.newBuilder(delivery)
				.setAttempt(1)
				.setDueAt(now)
				.setLastOutcome(null)
				.setDeadLetterReason(null)
				.build();
			return this.kafka.send(this.deliveries, again.getSubscriptionId(), again)
				.thenReturn(new Redelivery(again.getDeliveryId(), again.getSubscriptionId(), again.getEventId(), now));
		});
	}

	/**
	 * The delivery's newest record, with its body, read through the index.
	 * @throws ApiException 410 (in the {@code Mono}) when Kafka's retention already
	 * deleted it
	 */
	Mono<Delivery> record(StoredDelivery stored) {
		StoredDelivery.Source source = stored.source();
		if (source == null) {
			return Mono.error(bodyGone(stored.id()));
		}
		return this.fetch.fetch(source)
			.map(found -> found.filter(record -> record.getDeliveryId().equals(stored.id()))
				.orElseThrow(() -> bodyGone(stored.id())));
	}

	static ApiException bodyGone(String id) {
		return ApiException.of(HttpStatus.GONE, "delivery-body-expired", "Delivery body no longer retained",
				"The history holds delivery " + id + ", but Kafka's retention already deleted its body "
						+ "(deliveries keep 7 days, the dead-letter topic 90); it cannot be sent again.");
	}

}
