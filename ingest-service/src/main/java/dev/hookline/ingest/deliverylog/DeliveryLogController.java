package dev.hookline.ingest.deliverylog;

import java.time.Duration;
import java.util.regex.Pattern;

import dev.hookline.ingest.IngestProperties;
import dev.hookline.ingest.auth.Caller;
import dev.hookline.ingest.http.ApiException;
import dev.hookline.ingest.kafka.KafkaUnavailableException;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.TableView;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The delivery log in the admin API, scoped to the caller's tenant: {@code GET
 * /v1/subscriptions/{id}/attempts} and {@code GET /v1/deliveries/{id}}.
 *
 * <p>
 * Answers from the {@link DeliveryLog}, which trails Kafka by about a second. Another
 * tenant's subscription or delivery answers 404 like a missing one; so does a delivery
 * the log no longer (or not yet) holds. A malformed parameter answers 400 naming it. When
 * a subscription is not in the subscriptions view, the view is first brought up to date;
 * Kafka not answering in time answers 503.
 */
@RestController
final class DeliveryLogController {

	/** What {@code DeliveryIds.of} produces. */
	private static final Pattern DELIVERY_ID = Pattern.compile("msg_[0-9a-f]{32}");

	private final DeliveryLog deliveryLog;

	private final TableView<String, Subscription> subscriptions;

	private final Duration timeout;

	DeliveryLogController(DeliveryLog deliveryLog, TableView<String, Subscription> subscriptions,
			IngestProperties properties) {
		this.deliveryLog = deliveryLog;
		this.subscriptions = subscriptions;
		this.timeout = properties.kafkaTimeout();
	}

	@GetMapping("/v1/subscriptions/{id}/attempts")
	Mono<AttemptPage> attempts(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String eventType,
			@RequestParam(required = false) @Nullable String since,
			@RequestParam(required = false) @Nullable String until,
			@RequestParam(required = false) @Nullable String limit,
			@RequestParam(required = false) @Nullable String after) {
		AttemptQuery query = AttemptQuery.parse(status, eventType, since, until, limit, after);
		return owns(caller.tenant(), id).map(owned -> {
			if (!owned) {
				throw ApiException.of(HttpStatus.NOT_FOUND, "subscription-not-found", "Subscription not found",
						"This tenant has no subscription " + ApiException.abbreviated(id, 64) + ".");
			}
			return this.deliveryLog.attempts(caller.tenant(), id, query);
		});
	}

	@GetMapping("/v1/deliveries/{id}")
	DeliveryResource delivery(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id) {
		if (!DELIVERY_ID.matcher(id).matches()) {
			throw ApiException.invalidField("invalid-parameter", "Invalid parameter", "id",
					"must be a delivery id: msg_ followed by 32 lowercase hex digits");
		}
		// the same answer for another tenant's delivery: ids reveal nothing across
		// tenants
		return this.deliveryLog.delivery(caller.tenant(), id)
			.orElseThrow(() -> ApiException.of(HttpStatus.NOT_FOUND, "delivery-not-found", "Delivery not found",
					"This tenant has no delivery " + id + " in the delivery log."));
	}

	/**
	 * Whether the tenant has this subscription; a miss waits for the view to catch up, so
	 * that one just created is found.
	 */
	private Mono<Boolean> owns(String tenant, String id) {
		if (ownsNow(tenant, id)) {
			return Mono.just(true);
		}
		return Mono.fromFuture(this.subscriptions::sync, true)
			.timeout(this.timeout)
			// the barrier completes on the view's thread, which must get back to polling
			.publishOn(Schedulers.parallel())
			.onErrorMap(ex -> new KafkaUnavailableException(
					"the subscriptions view did not catch up within " + this.timeout, ex))
			.then(Mono.fromSupplier(() -> ownsNow(tenant, id)));
	}

	private boolean ownsNow(String tenant, String id) {
		return this.subscriptions.get(id).filter(subscription -> subscription.getTenant().equals(tenant)).isPresent();
	}

}
