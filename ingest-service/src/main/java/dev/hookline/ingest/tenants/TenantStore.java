package dev.hookline.ingest.tenants;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.hookline.ingest.auth.ApiKeys;
import dev.hookline.ingest.auth.Role;
import dev.hookline.ingest.http.ApiException;
import dev.hookline.ingest.kafka.CompactedTable;
import dev.hookline.ingest.kafka.KafkaUnavailableException;
import dev.hookline.schemas.ApiKey;
import dev.hookline.schemas.Tenant;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;

/**
 * The tenants and their issued API keys, each in a compacted topic through a
 * {@link CompactedTable}, with read-your-writes: a change completes once this instance's
 * view holds it, and every read first passes a read barrier. The other instances hold it
 * as soon as their views have read it, well within a second on a healthy cluster, which
 * is how a revoked key is refused everywhere. When Kafka or the view does not answer in
 * time, the {@code Mono} fails with {@link KafkaUnavailableException}.
 */
final class TenantStore {

	private static final String PRODUCER_PREFIX = "hk_prod_";

	private static final String ADMIN_PREFIX = "hk_admin_";

	private final CompactedTable<Tenant> tenants;

	private final CompactedTable<ApiKey> keys;

	private final Clock clock;

	TenantStore(CompactedTable<Tenant> tenants, CompactedTable<ApiKey> keys, Clock clock) {
		this.tenants = tenants;
		this.keys = keys;
		this.clock = clock;
	}

	/** Creates a tenant; completes with empty when one of that id exists. */
	Mono<Optional<Tenant>> create(String id, @Nullable String name) {
		Mono<Optional<Tenant>> attempt = tenant(id).flatMap((found) -> {
			if (found.isPresent()) {
				return Mono.just(Optional.<Tenant>empty());
			}
			Tenant tenant = Tenant.newBuilder().setId(id).setName(name).setCreatedAt(now()).build();
			return this.tenants.write(id, tenant).thenReturn(Optional.of(tenant));
		});
		return this.tenants.serialized(id, attempt);
	}

	Mono<Optional<Tenant>> tenant(String id) {
		return this.tenants.synced().then(Mono.fromSupplier(() -> this.tenants.current(id)));
	}

	/** A page of tenants in id order, after {@code after} when not null. */
	Mono<List<Tenant>> tenants(@Nullable String after, int limit) {
		return this.tenants.synced()
			.then(Mono.fromSupplier(() -> this.tenants.values()
				.filter((tenant) -> after == null || tenant.getId().compareTo(after) > 0)
				.sorted(Comparator.comparing(Tenant::getId))
				.limit(limit)
				.toList()));
	}

	/** The tenant's issued keys, oldest first, revoked and expired ones too. */
	Mono<List<ApiKey>> keys(String tenant) {
		return this.keys.synced()
			.then(Mono.fromSupplier(() -> this.keys.values()
				.filter((key) -> key.getTenant().equals(tenant))
				.sorted(Comparator.comparing(ApiKey::getCreatedAt).thenComparing(ApiKey::getId))
				.toList()));
	}

	/** The tenant's key of this id; another tenant's key is not found. */
	Mono<Optional<ApiKey>> key(String tenant, String id) {
		return this.keys.synced()
			.then(Mono.fromSupplier(() -> this.keys.current(id).filter((key) -> key.getTenant().equals(tenant))));
	}

	/** How many of the tenant's keys are usable now. */
	Mono<Long> usableKeys(String tenant) {
		Instant now = this.clock.instant();
		return keys(tenant).map((found) -> found.stream().filter((key) -> ApiKeys.usable(key, now)).count());
	}

	/**
	 * Issues a new key.
	 * @param expiresIn how long it is accepted, or null for as long as it is not revoked
	 * @return the stored record and the plaintext key, which is nowhere else
	 */
	Mono<Issued> issue(String tenant, Role role, @Nullable String name, @Nullable Duration expiresIn) {
		return Mono.defer(() -> {
			String plaintext = ApiKeys.generate((role == Role.PRODUCER) ? PRODUCER_PREFIX : ADMIN_PREFIX);
			Instant now = now();
			ApiKey key = ApiKey.newBuilder()
				.setId(ApiKeys.keyId(plaintext))
				.setTenant(tenant)
				.setRole(role.name())
				.setSha256(ApiKeys.sha256Hex(plaintext))
				.setName(name)
				.setCreatedAt(now)
				.setExpiresAt((expiresIn != null) ? now.plus(expiresIn) : null)
				.build();
			return this.keys.write(key.getId(), key).thenReturn(new Issued(key, plaintext));
		});
	}

	/**
	 * Issues a key in place of a usable one, with its role and name and a lifetime as
	 * long as the old one's; the old key stays accepted for {@code overlap} more at most.
	 * Fails with 404 for no such key of the tenant and 409 for a revoked or expired one.
	 */
	Mono<Rotated> rotate(String tenant, String id, Duration overlap) {
		Mono<Rotated> attempt = key(tenant, id).flatMap((found) -> {
			ApiKey old = found.orElseThrow(() -> keyNotFound(id));
			if (!ApiKeys.usable(old, this.clock.instant())) {
				throw ApiException.of(HttpStatus.CONFLICT, "key-not-usable", "Key not usable",
						"Key " + id + " is revoked or expired; issue a new key instead of rotating it.");
			}
			Duration lifetime = (old.getExpiresAt() != null) ? Duration.between(old.getCreatedAt(), old.getExpiresAt())
					: null;
			Role role = ApiKeys.issuable(old.getRole()).orElseThrow();
			return issue(tenant, role, old.getName(), lifetime).flatMap((issued) -> {
				Instant end = now().plus(overlap);
				ApiKey retiring = ApiKey.newBuilder(old)
					.setExpiresAt(
							(old.getExpiresAt() != null && old.getExpiresAt().isBefore(end)) ? old.getExpiresAt() : end)
					.setReplacedBy(issued.key().getId())
					.build();
				return this.keys.write(id, retiring).thenReturn(new Rotated(issued, retiring));
			});
		});
		return this.keys.serialized(id, attempt);
	}

	/**
	 * Revokes a key: refused from now on, on every instance as soon as its view has the
	 * change. Revoking a revoked key changes nothing. Fails with 404 for no such key of
	 * the tenant.
	 */
	Mono<ApiKey> revoke(String tenant, String id) {
		Mono<ApiKey> attempt = key(tenant, id).flatMap((found) -> {
			ApiKey key = found.orElseThrow(() -> keyNotFound(id));
			if (key.getRevokedAt() != null) {
				return Mono.just(key);
			}
			ApiKey revoked = ApiKey.newBuilder(key).setRevokedAt(now()).build();
			return this.keys.write(id, revoked).thenReturn(revoked);
		});
		return this.keys.serialized(id, attempt);
	}

	static ApiException keyNotFound(String id) {
		return ApiException.of(HttpStatus.NOT_FOUND, "key-not-found", "Key not found",
				"This tenant has no key " + ApiException.abbreviated(id, 64) + ".");
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	/**
	 * A key just issued.
	 *
	 * @param key its record
	 * @param plaintext the key itself, shown once
	 */
	record Issued(ApiKey key, String plaintext) {

		@Override
		public String toString() {
			return "Issued[" + this.key.getId() + "]";
		}

	}

	/**
	 * The outcome of a rotation.
	 *
	 * @param replacement the key issued in its place
	 * @param previous the rotated key, with its new expiry
	 */
	record Rotated(Issued replacement, ApiKey previous) {

	}

}
