package dev.hookline.ingest.subscriptions;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import dev.hookline.ingest.kafka.CompactedTable;
import dev.hookline.ingest.kafka.KafkaUnavailableException;
import dev.hookline.schemas.Subscription;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The tenant-scoped subscriptions: kept in a compacted topic through a
 * {@link CompactedTable}, with read-your-writes.
 *
 * <p>
 * A write completes only once the view holds it, and every read first passes a read
 * barrier ({@link CompactedTable#synced()}), so a read after a write, on this instance or
 * another, sees it. A subscription of another tenant is treated as absent. When Kafka or
 * the view does not answer within the timeout, the {@code Mono} fails with
 * {@link KafkaUnavailableException}.
 */
final class SubscriptionStore {

	private final CompactedTable<Subscription> table;

	SubscriptionStore(CompactedTable<Subscription> table) {
		this.table = table;
	}

	/** Writes a new or changed subscription; completes once it is readable. */
	Mono<Subscription> put(Subscription subscription) {
		return this.table.write(subscription.getId(), subscription).thenReturn(subscription);
	}

	/** The tenant's subscription with this id, if any. */
	Mono<Optional<Subscription>> find(String tenant, String id) {
		return this.table.synced().then(Mono.fromSupplier(() -> ownedBy(tenant, id)));
	}

	/**
	 * A page of the tenant's subscriptions in id order.
	 * @param after only ids greater than this one, or all when null
	 * @param limit the most to return
	 */
	Mono<List<Subscription>> list(String tenant, @Nullable String after, int limit) {
		return list(tenant, after, limit, (subscription) -> true);
	}

	/**
	 * A page of the tenant's subscriptions that pass the filter, in id order.
	 * @param after only ids greater than this one, or all when null
	 * @param limit the most to return
	 */
	Mono<List<Subscription>> list(String tenant, @Nullable String after, int limit, Predicate<Subscription> filter) {
		return this.table.synced()
			.then(Mono.fromSupplier(() -> this.table.values()
				.filter(subscription -> subscription.getTenant().equals(tenant))
				.filter(subscription -> after == null || subscription.getId().compareTo(after) > 0)
				.filter(filter)
				.sorted(Comparator.comparing(Subscription::getId))
				.limit(limit)
				.toList()));
	}

	/** How many subscriptions the tenant has. */
	Mono<Long> count(String tenant) {
		return this.table.synced()
			.then(Mono.fromSupplier(
					() -> this.table.values().filter(subscription -> subscription.getTenant().equals(tenant)).count()));
	}

	/**
	 * The subscriptions of every tenant, as the view holds them now (no read barrier),
	 * that carry a previous secret expired at {@code now}.
	 */
	List<Subscription> withExpiredSecrets(Instant now) {
		return this.table.values().filter((subscription) -> Secrets.anyExpired(subscription, now)).toList();
	}

	/**
	 * Changes the tenant's subscription: the change gets the current record and returns
	 * the new one, to which this store gives the next version and {@code updatedAt}, and
	 * from which it drops the previous secrets that have expired. Changes made through
	 * this instance are applied one at a time, so none is lost between them; two
	 * instances changing one subscription at the same moment resolve last-writer-wins.
	 * @param expectedVersion the version the caller read ({@code If-Match}), or null for
	 * any
	 * @return the stored record, or empty when the tenant has no such subscription; fails
	 * with {@link VersionMismatchException} when the version moved on
	 */
	Mono<Optional<Subscription>> update(String tenant, String id, @Nullable Long expectedVersion,
			UnaryOperator<Subscription> change) {
		Mono<Optional<Subscription>> attempt = find(tenant, id).flatMap((found) -> {
			if (found.isEmpty()) {
				return Mono.just(Optional.<Subscription>empty());
			}
			Subscription current = found.get();
			if (expectedVersion != null && current.getVersion() != expectedVersion) {
				return Mono.error(new VersionMismatchException(current.getVersion()));
			}
			Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
			Subscription proposed = change.apply(Subscription.newBuilder(current).build());
			Subscription changed = Subscription.newBuilder(proposed)
				.setPreviousSecrets(Secrets.live(proposed.getPreviousSecrets(), now))
				.setVersion(current.getVersion() + 1)
				.setUpdatedAt(now)
				.build();
			return put(changed).map(Optional::of);
		});
		return this.table.serialized(id, attempt);
	}

	/** Deletes the tenant's subscription; completes with false when there is none. */
	Mono<Boolean> delete(String tenant, String id) {
		return find(tenant, id)
			.flatMap(found -> found.isEmpty() ? Mono.just(false) : this.table.write(id, null).thenReturn(true));
	}

	private Optional<Subscription> ownedBy(String tenant, String id) {
		return this.table.current(id).filter(subscription -> subscription.getTenant().equals(tenant));
	}

}
