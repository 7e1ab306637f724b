package dev.hookline.ingest.deliverylog;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.hookline.ingest.IngestProperties;
import dev.hookline.ingest.auth.Caller;
import dev.hookline.ingest.events.EventIds;
import dev.hookline.ingest.http.ApiException;
import dev.hookline.ingest.http.JsonBodyReader;
import dev.hookline.ingest.kafka.KafkaUnavailableException;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.TableView;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The delivery history in the admin API, scoped to the caller's tenant: {@code GET
 * /v1/subscriptions/{id}/attempts}, {@code GET /v1/subscriptions/{id}/events}, {@code GET
 * /v1/deliveries/{id}}, {@code GET /v1/deliveries/{id}/payload}, {@code POST
 * /v1/deliveries/{id}/redeliver}, {@code GET /v1/events/{id}} and {@code GET
 * /v1/dead-letters}.
 *
 * <p>
 * Answers from the history ({@link HistoryView}), which trails Kafka by about a commit
 * interval, on whichever ingest instance holds it ({@link HistoryForwarding}). Another
 * tenant's subscription, delivery or event answers 404 like a missing one. A malformed
 * parameter answers 400 naming it. When a subscription is not in the subscriptions view,
 * the view is first brought up to date; Kafka not answering in time, or the history
 * starting or moving between instances, answers 503.
 */
@RestController
final class DeliveryLogController {

	/** What {@code DeliveryIds.of} produces. */
	private static final Pattern DELIVERY_ID = Pattern.compile("msg_[0-9a-f]{32}");

	private final HistoryReads history;

	private final HistoryForwarding forwarding;

	private final Requeue requeue;

	private final Recovery recovery;

	private final JsonBodyReader bodies;

	private final TableView<String, Subscription> subscriptions;

	private final Duration timeout;

	DeliveryLogController(HistoryReads history, HistoryForwarding forwarding, Requeue requeue, Recovery recovery,
			JsonBodyReader bodies, TableView<String, Subscription> subscriptions, IngestProperties properties) {
		this.history = history;
		this.forwarding = forwarding;
		this.requeue = requeue;
		this.recovery = recovery;
		this.bodies = bodies;
		this.subscriptions = subscriptions;
		this.timeout = properties.kafkaTimeout();
	}

	@GetMapping("/v1/subscriptions/{id}/attempts")
	Mono<ResponseEntity<Object>> attempts(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String eventType,
			@RequestParam(required = false) @Nullable String since,
			@RequestParam(required = false) @Nullable String until,
			@RequestParam(required = false) @Nullable String limit,
			@RequestParam(required = false) @Nullable String after, ServerHttpRequest request) {
		AttemptQuery query = AttemptQuery.parse(status, eventType, since, until, limit, after);
		return owned(caller.tenant(), id).then(
				Mono.defer(() -> this.forwarding.bySubscription(id, request, () -> this.history.attempts(id, query))));
	}

	@GetMapping("/v1/subscriptions/{id}/events")
	Mono<ResponseEntity<Object>> events(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String eventType,
			@RequestParam(required = false) @Nullable String since,
			@RequestParam(required = false) @Nullable String until,
			@RequestParam(required = false) @Nullable String limit,
			@RequestParam(required = false) @Nullable String after, ServerHttpRequest request) {
		EventQuery query = EventQuery.parse(status, eventType, since, until, limit, after);
		return owned(caller.tenant(), id)
			.then(Mono.defer(() -> this.forwarding.bySubscription(id, request, () -> this.history.events(id, query))));
	}

	@GetMapping("/v1/subscriptions/{id}/stats")
	Mono<ResponseEntity<Object>> analytics(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id,
			@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
			@RequestParam(required = false) @Nullable String step, ServerHttpRequest request) {
		AnalyticsQuery query = AnalyticsQuery.parse(from, to, step, Instant.now());
		return owned(caller.tenant(), id).then(
				Mono.defer(() -> this.forwarding.bySubscription(id, request, () -> this.history.analytics(id, query))));
	}

	/**
	 * The tenant's dead letters, newest first, from the dead-letter index of every
	 * instance ({@link HistoryReads#deadLetters}); a forwarded request is answered with
	 * this instance's part.
	 */
	@GetMapping("/v1/dead-letters")
	Mono<Object> deadLetters(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
			@RequestParam(required = false) @Nullable String subscription,
			@RequestParam(required = false) @Nullable String eventType,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String since,
			@RequestParam(required = false) @Nullable String until,
			@RequestParam(required = false) @Nullable String limit,
			@RequestParam(required = false) @Nullable String after, ServerHttpRequest request) {
		DeadLetterQuery query = DeadLetterQuery.parse(subscription, eventType, status, since, until, limit, after);
		return this.forwarding
			.gather(request, () -> Optional.of(this.history.deadLetters(caller.tenant(), query)),
					DeadLetterPage.Part.class)
			.map(parts -> {
				DeadLetterPage.Part all = parts.stream().reduce(DeadLetterPage.Part.NONE, DeadLetterPage.Part::plus);
				return HistoryForwarding.forwarded(request) ? all : DeadLetterPage.of(all, query.limit());
			});
	}

	/**
	 * Sends again the subscription's deliveries that failed within a range
	 * ({@link Recovery}): 200 with the count on a dry run, else 202 once Kafka
	 * acknowledged every one queued.
	 */
	@PostMapping(path = "/v1/subscriptions/{id}/recover", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Object>> recover(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id,
			ServerHttpRequest request) {
		// another tenant's subscription is 404 whatever the body says
		return this.bodies.read(request).flatMap(body -> owned(caller.tenant(), id).then(Mono.defer(() -> {
			Recovery.Request wanted = Recovery.Request.parse(body, Instant.now());
			byte[] forwarded = this.bodies.compact(body).getBytes(StandardCharsets.UTF_8);
			return this.forwarding.bySubscription(id, request, forwarded,
					() -> this.recovery.recover(id, wanted)
						.map(result -> result.dryRun() ? ResponseEntity.ok((Object) result)
								: ResponseEntity.accepted().body((Object) result)));
		})));
	}

	@GetMapping("/v1/deliveries/{id}")
	Mono<ResponseEntity<Object>> delivery(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id,
			ServerHttpRequest request) {
		checkDeliveryId(id);
		return this.forwarding
			.firstFound(request,
					this.forwarding.blocking(() -> this.history.delivery(caller.tenant(), id)
						.map(found -> ResponseEntity.ok((Object) DeliveryResource.of(found)))),
					() -> deliveryNotFound(id));
	}

	/**
	 * Queues a new attempt of one of the caller's deliveries, with the same delivery id
	 * (the {@code webhook-id}) and body, and answers 202 once Kafka acknowledged it.
	 *
	 * <p>
	 * The body is the delivery's newest record on {@code deliveries} or the DLQ, which
	 * the history noted ({@link DeliveryFetch}); it is written to {@code deliveries} as
	 * attempt 1, due now, without its last outcome, so the worker sends it at once to the
	 * subscription's current URL, signed with its current secret. A delivery the history
	 * does not hold answers 404; one whose record Kafka's retention already deleted, 410.
	 */
	@PostMapping("/v1/deliveries/{id}/redeliver")
	Mono<ResponseEntity<Object>> redeliver(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id,
			ServerHttpRequest request) {
		return withDelivery(caller, id, request, (found) -> this.requeue.queueAgain(found)
			.map(queued -> ResponseEntity.accepted().body((Object) queued)));
	}

	/**
	 * The exact body of one of the caller's deliveries, read as redeliver reads it: one
	 * fetch of the record the history noted. 404 when the history does not hold it, 410
	 * when Kafka's retention already deleted it.
	 */
	@GetMapping("/v1/deliveries/{id}/payload")
	Mono<ResponseEntity<Object>> payload(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id,
			ServerHttpRequest request) {
		return withDelivery(caller, id, request, (found) -> this.requeue.record(found)
			.map(record -> ResponseEntity.ok((Object) DeliveryPayload.of(record))));
	}

	/**
	 * Answers with what {@code action} makes of one of the caller's deliveries, on the
	 * instance whose history holds it; 404 when none does.
	 */
	private Mono<ResponseEntity<Object>> withDelivery(Caller caller, String id, ServerHttpRequest request,
			Function<StoredDelivery, Mono<ResponseEntity<Object>>> action) {
		checkDeliveryId(id);
		Mono<Optional<ResponseEntity<Object>>> local = this.forwarding
			.blocking(() -> this.history.delivery(caller.tenant(), id))
			.flatMap(found -> found.isEmpty() ? Mono.just(Optional.empty())
					: action.apply(found.get()).map(Optional::of));
		return this.forwarding.firstFound(request, local, () -> deliveryNotFound(id));
	}

	@GetMapping("/v1/events/{id}")
	Mono<EventResource> event(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id,
			ServerHttpRequest request) {
		if (!EventIds.GIVEN.matcher(id).matches()) {
			throw ApiException.invalidField("invalid-parameter", "Invalid parameter", "id",
					"must be an event id: 1 to 128 letters, digits, '_', '.', ':' or '-'");
		}
		return this.forwarding.gather(request, () -> {
			List<StoredDelivery> found = this.history.event(caller.tenant(), id);
			return found.isEmpty() ? Optional.empty() : Optional
				.of(new EventResource(id, found.get(0).eventType(), found.stream().map(DeliveryResource::of).toList()));
		}, EventResource.class).map(parts -> {
			if (parts.isEmpty()) {
				throw ApiException.of(HttpStatus.NOT_FOUND, "event-not-found", "Event not found",
						"This tenant has no event " + id + " in the delivery history.");
			}
			return new EventResource(id, parts.get(0).type(),
					parts.stream()
						.flatMap(part -> part.deliveries().stream())
						.sorted(Comparator.comparing(DeliveryResource::subscriptionId))
						.toList());
		});
	}

	private static void checkDeliveryId(String id) {
		if (!DELIVERY_ID.matcher(id).matches()) {
			throw ApiException.invalidField("invalid-parameter", "Invalid parameter", "id",
					"must be a delivery id: msg_ followed by 32 lowercase hex digits");
		}
	}

	private static ApiException deliveryNotFound(String id) {
		// the same answer for another tenant's delivery: ids reveal nothing across
		// tenants
		return ApiException.of(HttpStatus.NOT_FOUND, "delivery-not-found", "Delivery not found",
				"This tenant has no delivery " + id + " in the delivery history.");
	}

	/**
	 * Completes when the tenant has this subscription, else fails 404; a miss waits for
	 * the view to catch up, so that one just created is found.
	 */
	private Mono<Void> owned(String tenant, String id) {
		Mono<Boolean> owns = ownsNow(tenant, id) ? Mono.just(true)
				: Mono.fromFuture(this.subscriptions::sync, true)
					.timeout(this.timeout)
					// the barrier completes on the view's thread, which must get back to
					// polling
					.publishOn(Schedulers.parallel())
					.onErrorMap(ex -> new KafkaUnavailableException(
							"the subscriptions view did not catch up within " + this.timeout, ex))
					.then(Mono.fromSupplier(() -> ownsNow(tenant, id)));
		return owns.flatMap(owned -> owned ? Mono.empty()
				: Mono.error(ApiException.of(HttpStatus.NOT_FOUND, "subscription-not-found", "Subscription not found",
						"This tenant has no subscription " + ApiException.abbreviated(id, 64) + ".")));
	}

	private boolean ownsNow(String tenant, String id) {
		return this.subscriptions.get(id).filter(subscription -> subscription.getTenant().equals(tenant)).isPresent();
	}

}
