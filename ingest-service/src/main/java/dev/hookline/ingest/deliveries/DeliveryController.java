package dev.hookline.ingest.deliveries;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

import dev.hookline.ingest.auth.Caller;
import dev.hookline.ingest.http.ApiException;
import dev.hookline.ingest.kafka.KafkaPublisher;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.Topic;
import dev.hookline.schemas.Topics;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/deliveries/{id}/redeliver}: queues a new attempt of one of the caller's
 * deliveries, with the same delivery id (the {@code webhook-id}) and body, and answers
 * 202 only once Kafka acknowledged it.
 *
 * <p>
 * The delivery is the newest retained record with that id ({@link DeliveryScan}); it is
 * written to {@code deliveries} as attempt 1, due now, without its last outcome, so the
 * worker sends it at once to the subscription's current URL, signed with its current
 * secret. A malformed id answers 400; an unknown id, or another tenant's delivery, 404;
 * Kafka not answering in time, 503 (the new attempt may then have been queued).
 */
@RestController
final class DeliveryController {

	/** What {@code DeliveryIds.of} produces. */
	static final Pattern DELIVERY_ID = Pattern.compile("msg_[0-9a-f]{32}");

	private final DeliveryScan scan;

	private final KafkaPublisher kafka;

	private final Topic<String, Delivery> deliveries;

	DeliveryController(DeliveryScan scan, KafkaPublisher kafka, Topics topics) {
		this.scan = scan;
		this.kafka = kafka;
		this.deliveries = topics.deliveries();
	}

	@PostMapping("/v1/deliveries/{id}/redeliver")
	Mono<ResponseEntity<Redelivery>> redeliver(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
			@PathVariable String id) {
		if (!DELIVERY_ID.matcher(id).matches()) {
			throw ApiException.invalidField("invalid-parameter", "Invalid parameter", "id",
					"must be a delivery id: msg_ followed by 32 lowercase hex digits");
		}
		return this.scan.newest(id)
			.map(found -> found.filter(delivery -> delivery.getTenant().equals(caller.tenant()))
				.orElseThrow(() -> notFound(id)))
			.flatMap(this::queueAgain)
			.map(queued -> ResponseEntity.accepted().body(queued));
	}

	private Mono<Redelivery> queueAgain(Delivery found) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		Delivery again = Delivery.newBuilder(found)
			.setAttempt(1)
			.setDueAt(now)
			.setLastOutcome(null)
			.setDeadLetterReason(null)
			.build();
		return this.kafka.send(this.deliveries, again.getSubscriptionId(), again)
			.thenReturn(new Redelivery(again.getDeliveryId(), again.getSubscriptionId(), again.getEventId(), now));
	}

	private static ApiException notFound(String id) {
		// the same answer for another tenant's delivery: ids reveal nothing across
		// tenants
		return ApiException.of(HttpStatus.NOT_FOUND, "delivery-not-found", "Delivery not found",
				"This tenant has no delivery " + id + ".");
	}

}
