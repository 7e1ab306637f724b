package dev.hookline.ingest.subscriptions;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.hookline.ingest.auth.Caller;
import dev.hookline.ingest.http.ApiException;
import dev.hookline.ingest.http.JsonBodyReader;
import dev.hookline.ingest.http.PageSize;
import dev.hookline.ingest.http.Quotas;
import dev.hookline.schemas.Subscription;
import dev.hookline.sender.secrets.SecretCipher;
import dev.hookline.sender.secrets.SigningSecrets;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The subscriptions admin API, scoped to the caller's tenant: create (201, with the
 * signing secret, shown this once), list with filters, read, change (JSON merge patch,
 * optionally conditional on {@code If-Match}), delete.
 *
 * <p>
 * Every answer about one subscription carries its version as {@code ETag}. Another
 * tenant's subscription answers 404 like a missing one; a stale {@code If-Match} 412;
 * Kafka not answering in time 503.
 */
@RestController
@RequestMapping("/v1/subscriptions")
final class SubscriptionController {

	static final String MERGE_PATCH_JSON = "application/merge-patch+json";

	private final JsonBodyReader bodies;

	private final SubscriptionParser parser;

	private final SubscriptionStore store;

	private final SecretCipher cipher;

	private final SubscriptionViews views;

	private final int maxPerTenant;

	SubscriptionController(JsonBodyReader bodies, SubscriptionParser parser, SubscriptionStore store,
			SecretCipher cipher, SubscriptionViews views, SubscriptionsProperties properties) {
		this.maxPerTenant = properties.maxPerTenant();
		this.bodies = bodies;
		this.parser = parser;
		this.store = store;
		this.cipher = cipher;
		this.views = views;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<SubscriptionResource>> create(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
			ServerHttpRequest request) {
		return this.bodies.read(request)
			.map(this.parser::parse)
			.flatMap((wanted) -> this.store.count(caller.tenant())
				.flatMap((count) -> Quotas.check(count, this.maxPerTenant, "subscriptions",
						"hookline.ingest.subscriptions.max-per-tenant"))
				.thenReturn(wanted))
			.flatMap((wanted) -> this.views.warnings(caller.tenant(), wanted.eventTypes()).flatMap((warnings) -> {
				String secret = SigningSecrets.generate();
				return this.store.create(newSubscription(caller.tenant(), wanted, secret)).map((created) -> {
					SubscriptionResource shown = this.views.of(created).with(warnings, secret);
					return ResponseEntity.created(URI.create("/v1/subscriptions/" + created.getId()))
						.eTag(shown.etag())
						// the only answer that holds the secret: no cache may keep it
						.cacheControl(CacheControl.noStore())
						.body(shown);
				});
			}));
	}

	/**
	 * Creates up to {@value BulkRequests#MAX} subscriptions: all or none. Every item is
	 * checked, and the quota for all of them together, before anything is written; should
	 * Kafka fail part way, the ones already written are deleted again before the 503.
	 */
	@PostMapping(path = "/bulk", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<SubscriptionResource.Created>> createMany(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
			ServerHttpRequest request) {
		return this.bodies.read(request)
			.map((body) -> BulkRequests.subscriptions(body, this.parser))
			.flatMap(
					(wanted) -> this.store.count(caller.tenant())
						.flatMap((count) -> (count + wanted.size() <= this.maxPerTenant) ? Mono.just(wanted)
								: Mono.error(ApiException
									.of(HttpStatus.CONFLICT, Quotas.TYPE, "Quota exceeded",
											"This tenant has " + count + " subscriptions; " + wanted.size()
													+ " more would pass the most it may have "
													+ "(hookline.ingest.subscriptions.max-per-tenant = "
													+ this.maxPerTenant + "); nothing was created.")
									.with("quota", this.maxPerTenant))))
			.flatMap((wanted) -> {
				List<Subscription> written = new CopyOnWriteArrayList<>();
				return Flux.fromIterable(wanted)
					.concatMap((one) -> this.views.warnings(caller.tenant(), one.eventTypes()).flatMap((warnings) -> {
						String secret = SigningSecrets.generate();
						return this.store.create(newSubscription(caller.tenant(), one, secret)).map((created) -> {
							written.add(created);
							return this.views.of(created).with(warnings, secret);
						});
					}))
					.collectList()
					.onErrorResume((ex) -> Flux.fromIterable(written)
						.concatMap((undo) -> this.store.delete(caller.tenant(), undo.getId()))
						.then(Mono.error(ex)));
			})
			.map((created) -> ResponseEntity.status(HttpStatus.CREATED)
				// the only answer that holds the secrets: no cache may keep it
				.cacheControl(CacheControl.noStore())
				.body(new SubscriptionResource.Created(created)));
	}

	/**
	 * Deletes up to {@value BulkRequests#MAX} of the tenant's subscriptions by id: all or
	 * none. An id the tenant does not have refuses the call (404, listing them) before
	 * anything is deleted.
	 */
	@PostMapping(path = "/bulk-delete", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<SubscriptionResource.Deleted> deleteMany(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
			ServerHttpRequest request) {
		return this.bodies.read(request)
			.map(BulkRequests::ids)
			.flatMap((ids) -> Flux.fromIterable(ids)
				.concatMap((id) -> this.store.find(caller.tenant(), id).map((found) -> found.isEmpty() ? id : ""))
				.filter((missing) -> !missing.isEmpty())
				.collectList()
				.flatMap((missing) -> {
					if (!missing.isEmpty()) {
						return Mono.error(ApiException
							.of(HttpStatus.NOT_FOUND, "subscription-not-found", "Subscription not found",
									"This tenant has no subscription " + ApiException.abbreviated(missing.get(0), 64)
											+ ((missing.size() > 1) ? " (and " + (missing.size() - 1) + " more)" : "")
											+ "; nothing was deleted.")
							.with("missing", missing));
					}
					return Flux.fromIterable(ids)
						.concatMap((id) -> this.store.delete(caller.tenant(), id).map((deleted) -> deleted ? id : ""))
						.filter((deleted) -> !deleted.isEmpty())
						.collectList()
						.map(SubscriptionResource.Deleted::new);
				}));
	}

	@GetMapping
	Mono<SubscriptionResource.Page> list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
			@RequestParam(required = false) @Nullable String limit,
			@RequestParam(required = false) @Nullable String after,
			@RequestParam(required = false) @Nullable String active,
			@RequestParam(required = false) @Nullable String url,
			@RequestParam(required = false) @Nullable String eventType,
			@RequestParam(required = false) @Nullable String lastStatus,
			@RequestParam(required = false) @Nullable String sort,
			@RequestParam(required = false) @Nullable String order) {
		int pageSize = PageSize.of(limit);
		var filter = ListFilter.of(active, url, eventType, lastStatus, this.views);
		ListOrder sorted = ListOrder.parse(sort, order);
		Mono<List<Subscription>> found = sorted.isDefault()
				? this.store.list(caller.tenant(), after, pageSize + 1, filter)
				// at most max-per-tenant of them: sorted in memory
				: this.store.list(caller.tenant(), null, Integer.MAX_VALUE, filter)
					.map((all) -> sorted.page(all, after, pageSize, this.views));
		return found.map((more) -> {
			List<Subscription> page = more.stream().limit(pageSize).toList();
			String next = (more.size() > pageSize) ? sorted.cursor(page.get(page.size() - 1), this.views) : null;
			return new SubscriptionResource.Page(page.stream().map(this.views::of).toList(), next);
		});
	}

	@GetMapping("/{id}")
	Mono<ResponseEntity<SubscriptionResource>> get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
			@PathVariable String id) {
		return this.store.find(caller.tenant(), id).map((found) -> {
			SubscriptionResource shown = this.views.of(found.orElseThrow(() -> notFound(id)));
			return ResponseEntity.ok().eTag(shown.etag()).body(shown);
		});
	}

	@PatchMapping(path = "/{id}", consumes = { MediaType.APPLICATION_JSON_VALUE, MERGE_PATCH_JSON })
	Mono<ResponseEntity<SubscriptionResource>> patch(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
			@PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			ServerHttpRequest request) {
		Long expected = IfMatch.parse(ifMatch);
		return this.bodies.read(request).map(this.parser::parsePatch).flatMap((patch) -> {
			List<String> patterns = patch.eventTypes();
			Mono<List<SubscriptionResource.Warning>> warnings = (patterns != null)
					? this.views.warnings(caller.tenant(), patterns) : Mono.just(List.of());
			return warnings.flatMap((advice) -> this.store.update(caller.tenant(), id, expected, (current) -> {
				Subscription.Builder changed = Subscription.newBuilder(current);
				patch.applyTo(changed);
				return changed.build();
			}).map((found) -> {
				SubscriptionResource shown = this.views.of(found.orElseThrow(() -> notFound(id))).with(advice, null);
				return ResponseEntity.ok().eTag(shown.etag()).body(shown);
			}));
		}).onErrorMap(VersionMismatchException.class, (ex) -> IfMatch.stale(ex, expected));
	}

	@DeleteMapping("/{id}")
	Mono<ResponseEntity<Void>> delete(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id) {
		return this.store.delete(caller.tenant(), id).map((deleted) -> {
			if (!deleted) {
				throw notFound(id);
			}
			return ResponseEntity.noContent().build();
		});
	}

	private Subscription newSubscription(String tenant, NewSubscription wanted, String secret) {
		String id = "sub_" + UUID.randomUUID().toString().replace("-", "");
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		return Subscription.newBuilder()
			.setId(id)
			.setTenant(tenant)
			.setUrl(wanted.url())
			.setSecret(ByteBuffer.wrap(this.cipher.encrypt(secret, tenant, id)))
			.setEventTypes(wanted.eventTypes())
			.setDescription(wanted.description())
			.setFilter(wanted.filter())
			.setFields(wanted.fields())
			.setHeaders(wanted.headers())
			.setRateLimit(wanted.rateLimit())
			.setActive(true)
			.setVersion(1)
			.setCreatedAt(now)
			.setUpdatedAt(now)
			.build();
	}

	static ApiException notFound(String id) {
		return ApiException.of(HttpStatus.NOT_FOUND, "subscription-not-found", "Subscription not found",
				"This tenant has no subscription " + ApiException.abbreviated(id, 64) + ".");
	}

}
