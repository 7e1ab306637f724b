package dev.hookline.ingest.events;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import dev.hookline.ingest.auth.Caller;
import dev.hookline.ingest.http.ApiException;
import dev.hookline.ingest.http.JsonBodyReader;
import dev.hookline.schemas.Event;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/events}: accepts one event or a batch for the caller's tenant and
 * answers 202 {@code {"ids":[…]}} only once Kafka acknowledged every one of them.
 *
 * <p>
 * The whole body is validated before anything is written, so a refused request (4xx)
 * writes nothing: 400 when it is malformed, 422 when an event has a type reserved for
 * Hookline ({@code hookline.}) or one the tenant's {@link CatalogueCheck catalogue}
 * refuses. A Kafka outage or timeout is answered 503.
 */
@RestController
final class EventController {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

	private final JsonBodyReader bodies;

	private final EventParser parser;

	private final EventPublisher publisher;

	private final @Nullable CatalogueCheck catalogue;

	EventController(JsonBodyReader bodies, EventParser parser, EventPublisher publisher,
			ObjectProvider<CatalogueCheck> catalogue) {
		this.bodies = bodies;
		this.parser = parser;
		this.publisher = publisher;
		this.catalogue = catalogue.getIfAvailable();
	}

	@PostMapping(path = "/v1/events", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Accepted>> publish(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
			ServerHttpRequest request) {
		HttpHeaders headers = request.getHeaders();
		EventParser.Context context = new EventParser.Context(caller.tenant(), idempotencyKey(headers),
				traceparent(headers), Instant.now());
		return this.bodies.read(request)
			.flatMap(body -> checked(caller.tenant(), this.parser.parse(body, context), body.isArray()))
			.flatMap(events -> this.publisher.publish(events).thenReturn(events))
			.map(events -> ResponseEntity.accepted().body(new Accepted(events.stream().map(Event::getId).toList())));
	}

	/** The events, once nothing keeps them from being published; else a 422. */
	private Mono<List<Event>> checked(String tenant, List<Event> events, boolean batch) {
		List<CatalogueCheck.Violation> reserved = EventRefusals.reserved(events);
		if (!reserved.isEmpty()) {
			return Mono.error(EventRefusals.of(reserved, batch));
		}
		if (this.catalogue == null) {
			return Mono.just(events);
		}
		return this.catalogue.check(tenant, events).map(violations -> {
			if (!violations.isEmpty()) {
				throw EventRefusals.of(violations, batch);
			}
			return events;
		});
	}

	private static @Nullable String idempotencyKey(HttpHeaders headers) {
		String key = headers.getFirst(IDEMPOTENCY_KEY);
		if (key != null && !EventIds.IDEMPOTENCY_KEY.matcher(key).matches()) {
			throw ApiException.invalidField("invalid-header", "Invalid header", IDEMPOTENCY_KEY,
					"must be 1 to 255 visible ASCII characters");
		}
		return key;
	}

	/** The W3C trace context, which the spec says to ignore when malformed. */
	private static @Nullable String traceparent(HttpHeaders headers) {
		String traceparent = headers.getFirst("traceparent");
		return (traceparent != null && TRACEPARENT.matcher(traceparent.trim()).matches()) ? traceparent.trim() : null;
	}

	/**
	 * The answer: the ids of the accepted events, in request order.
	 *
	 * @param ids one per event
	 */
	record Accepted(List<String> ids) {

	}

}
