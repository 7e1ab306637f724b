package dev.hookline.ingest.eventtypes;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import dev.hookline.ingest.auth.Caller;
import dev.hookline.ingest.http.ApiException;
import dev.hookline.ingest.http.JsonBodyReader;
import dev.hookline.ingest.http.PageSize;
import dev.hookline.ingest.http.Quotas;
import dev.hookline.schemas.EventType;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The event-type catalogue admin API, scoped to the caller's tenant: put (create 201 or
 * replace 200), list, read, delete.
 *
 * <p>
 * Another tenant's event type answers 404 like a missing one. Kafka not answering in time
 * answers 503.
 */
@RestController
@RequestMapping("/v1/event-types")
final class EventTypeController {

	private final JsonBodyReader bodies;

	private final DefinitionParser parser;

	private final EventTypeStore store;

	private final int maxPerTenant;

	EventTypeController(JsonBodyReader bodies, DefinitionParser parser, EventTypeStore store,
			EventTypesProperties properties) {
		this.bodies = bodies;
		this.parser = parser;
		this.store = store;
		this.maxPerTenant = properties.maxPerTenant();
	}

	@GetMapping
	Mono<EventTypeResource.Page> list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
			@RequestParam(required = false) @Nullable String module,
			@RequestParam(required = false) @Nullable String includeDeprecated,
			@RequestParam(required = false) @Nullable String limit,
			@RequestParam(required = false) @Nullable String after) {
		int pageSize = PageSize.of(limit);
		boolean deprecatedToo = flag("includeDeprecated", includeDeprecated);
		Predicate<EventType> filter = (found) -> (module == null || Objects.equals(module, found.getModule()))
				&& (deprecatedToo || !found.getDeprecated());
		return this.store.list(caller.tenant(), filter, after, pageSize + 1).map((found) -> {
			List<EventTypeResource> page = found.stream().limit(pageSize).map(EventTypeResource::of).toList();
			String next = (found.size() > pageSize) ? page.get(page.size() - 1).name() : null;
			return new EventTypeResource.Page(page, next);
		});
	}

	@GetMapping("/{name}")
	Mono<EventTypeResource> get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String name) {
		return this.store.find(caller.tenant(), name)
			.map((found) -> EventTypeResource.of(found.orElseThrow(() -> notFound(name))));
	}

	@PutMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<EventTypeResource>> put(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
			@PathVariable String name, ServerHttpRequest request) {
		DefinitionParser.checkName(name);
		return this.bodies.read(request)
			.map(this.parser::parse)
			.flatMap((wanted) -> this.store.names(caller.tenant())
				.flatMap((names) -> names.contains(name) ? Mono.<Void>empty()
						: Quotas.check(names.size(), this.maxPerTenant, "event types",
								"hookline.ingest.event-types.max-per-tenant"))
				.thenReturn(wanted))
			.flatMap((wanted) -> this.store.save(caller.tenant(), name, wanted::applyTo))
			.map((saved) -> {
				EventTypeResource shown = EventTypeResource.of(saved.eventType());
				return saved.created() ? ResponseEntity.created(URI.create("/v1/event-types/" + name)).body(shown)
						: ResponseEntity.ok(shown);
			});
	}

	@DeleteMapping("/{name}")
	Mono<ResponseEntity<Void>> delete(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String name) {
		return this.store.delete(caller.tenant(), name).map((deleted) -> {
			if (!deleted) {
				throw notFound(name);
			}
			return ResponseEntity.noContent().build();
		});
	}

	private static boolean flag(String name, @Nullable String value) {
		if (value == null || value.equals("false")) {
			return false;
		}
		if (value.equals("true") || value.isEmpty()) {
			return true;
		}
		throw ApiException.invalidField("invalid-parameter", "Invalid parameter", name, "must be true or false");
	}

	private static ApiException notFound(String name) {
		return ApiException.of(HttpStatus.NOT_FOUND, "event-type-not-found", "Event type not found",
				"This tenant has no event type " + ApiException.abbreviated(name, 128) + ".");
	}

}
