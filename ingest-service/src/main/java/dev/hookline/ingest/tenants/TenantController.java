package dev.hookline.ingest.tenants;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.hookline.ingest.auth.AuthProperties;
import dev.hookline.ingest.http.ApiException;
import dev.hookline.ingest.http.JsonBodyReader;
import dev.hookline.ingest.http.PageSize;
import dev.hookline.ingest.http.Quotas;
import dev.hookline.ingest.http.RotationOverlap;
import dev.hookline.schemas.Tenant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's API ({@code /v1/tenants}, operator key only): create, list and read
 * tenants; issue, list, read, rotate and revoke their API keys. A change is effective on
 * every ingest instance as soon as its view of the topic holds it; nothing restarts.
 * Kafka not answering in time answers 503.
 */
@RestController
@RequestMapping("/v1/tenants")
final class TenantController {

	private static final Logger log = LoggerFactory.getLogger(TenantController.class);

	private final JsonBodyReader bodies;

	private final TenantStore store;

	private final int maxKeysPerTenant;

	private final Duration defaultOverlap;

	private final Clock clock;

	TenantController(JsonBodyReader bodies, TenantStore store, AuthProperties auth, TenantsProperties properties) {
		this.bodies = bodies;
		this.store = store;
		this.maxKeysPerTenant = auth.maxKeysPerTenant();
		this.defaultOverlap = properties.keyRotationOverlap();
		this.clock = Clock.systemUTC();
	}

	@PostMapping
	Mono<ResponseEntity<TenantResource>> create(ServerHttpRequest request) {
		return this.bodies.read(request)
			.map(TenantRequests::tenant)
			.flatMap((wanted) -> this.store.create(wanted.id(), wanted.name()).map((created) -> {
				Tenant tenant = created.orElseThrow(() -> ApiException.of(HttpStatus.CONFLICT, "tenant-exists",
						"Tenant exists", "A tenant " + wanted.id() + " exists already."));
				log.info("tenant created tenant={}", tenant.getId());
				return ResponseEntity.created(URI.create("/v1/tenants/" + tenant.getId()))
					.body(TenantResource.of(tenant));
			}));
	}

	@GetMapping
	Mono<TenantResource.Page> list(@RequestParam(required = false) @Nullable String limit,
			@RequestParam(required = false) @Nullable String after) {
		int pageSize = PageSize.of(limit);
		return this.store.tenants(after, pageSize + 1).map((found) -> {
			List<TenantResource> page = found.stream().limit(pageSize).map(TenantResource::of).toList();
			String next = (found.size() > pageSize) ? page.get(page.size() - 1).id() : null;
			return new TenantResource.Page(page, next);
		});
	}

	@GetMapping("/{tenant}")
	Mono<TenantResource> get(@PathVariable String tenant) {
		return existing(tenant).map(TenantResource::of);
	}

	@PostMapping("/{tenant}/keys")
	Mono<ResponseEntity<KeyResource>> issue(@PathVariable String tenant, ServerHttpRequest request) {
		return existing(tenant).then(this.bodies.read(request))
			.map(TenantRequests::key)
			.flatMap((wanted) -> this.store.usableKeys(tenant)
				.flatMap((count) -> Quotas.check(count, this.maxKeysPerTenant, "usable API keys",
						"hookline.auth.max-keys-per-tenant"))
				.then(this.store.issue(tenant, wanted.role(), wanted.name(), wanted.expiresIn())))
			.map((issued) -> {
				log.info("API key issued tenant={} key={} role={}", tenant, issued.key().getId(),
						issued.key().getRole());
				return ResponseEntity.created(URI.create("/v1/tenants/" + tenant + "/keys/" + issued.key().getId()))
					.body(KeyResource.of(issued.key(), now(), issued.plaintext()));
			});
	}

	@GetMapping("/{tenant}/keys")
	Mono<KeyResource.Page> keys(@PathVariable String tenant, @RequestParam(required = false) @Nullable String limit,
			@RequestParam(required = false) @Nullable String after) {
		int pageSize = PageSize.of(limit);
		return existing(tenant).then(this.store.keys(tenant)).map((found) -> {
			int from = 0;
			if (after != null) {
				from = found.stream().map((key) -> key.getId()).toList().indexOf(after) + 1;
				if (from == 0) {
					throw ApiException.invalidField("invalid-parameter", "Invalid parameter", "after",
							"must be the id of one of the tenant's keys, as 'next' gives it");
				}
			}
			Instant now = now();
			List<KeyResource> page = found.stream()
				.skip(from)
				.limit(pageSize)
				.map((key) -> KeyResource.of(key, now))
				.toList();
			String next = (found.size() > from + pageSize) ? page.get(page.size() - 1).id() : null;
			return new KeyResource.Page(page, next);
		});
	}

	@GetMapping("/{tenant}/keys/{keyId}")
	Mono<KeyResource> key(@PathVariable String tenant, @PathVariable String keyId) {
		return existing(tenant).then(this.store.key(tenant, keyId))
			.map((found) -> KeyResource.of(found.orElseThrow(() -> TenantStore.keyNotFound(keyId)), now()));
	}

	@PostMapping("/{tenant}/keys/{keyId}/rotate")
	Mono<ResponseEntity<KeyResource.Rotation>> rotate(@PathVariable String tenant, @PathVariable String keyId,
			ServerHttpRequest request) {
		return existing(tenant).then(RotationOverlap.read(this.bodies, request, this.defaultOverlap))
			.flatMap((overlap) -> this.store.rotate(tenant, keyId, overlap))
			.map((rotated) -> {
				log.info("API key rotated tenant={} key={} replacement={} previous-expires-at={}", tenant, keyId,
						rotated.replacement().key().getId(), rotated.previous().getExpiresAt());
				Instant now = now();
				KeyResource replacement = KeyResource.of(rotated.replacement().key(), now,
						rotated.replacement().plaintext());
				return ResponseEntity.created(URI.create("/v1/tenants/" + tenant + "/keys/" + replacement.id()))
					.body(new KeyResource.Rotation(replacement, KeyResource.of(rotated.previous(), now)));
			});
	}

	@DeleteMapping("/{tenant}/keys/{keyId}")
	Mono<ResponseEntity<Void>> revoke(@PathVariable String tenant, @PathVariable String keyId) {
		return existing(tenant).then(this.store.revoke(tenant, keyId)).map((revoked) -> {
			log.info("API key revoked tenant={} key={}", tenant, keyId);
			return ResponseEntity.noContent().build();
		});
	}

	private Mono<Tenant> existing(String tenant) {
		return this.store.tenant(tenant)
			.map((found) -> found.orElseThrow(() -> ApiException.of(HttpStatus.NOT_FOUND, "tenant-not-found",
					"Tenant not found", "There is no tenant " + ApiException.abbreviated(tenant, 64)
							+ "; an operator creates it with POST /v1/tenants.")));
	}

	private Instant now() {
		return this.clock.instant();
	}

}
