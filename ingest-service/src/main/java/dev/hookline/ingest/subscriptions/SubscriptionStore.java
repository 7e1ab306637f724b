package dev.hookline.ingest.subscriptions;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import dev.hookline.ingest.kafka.CompactedTable;
import dev.hookline.ingest.kafka.KafkaUnavailableException;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.SubscriptionWriter;
import dev.hookline.schemas.SubscriptionWriter.Plan;
import org.apache.kafka.common.KafkaException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The tenant-scoped subscriptions: kept in a compacted topic, read through a
 * {@link CompactedTable} and changed through the {@link SubscriptionWriter}.
 *
 * <p>
 * Every read first passes a read barrier ({@link CompactedTable#synced()}), so a read
 * after a write, on this instance or another, sees it. Every write is a compare-and-set
 * decided on the subscription's latest record under the writer's lease, which one
 * instance holds at a time (ingest instances and workers alike): two changes of one
 * subscription never interleave, a change never builds on a stale record, and a deleted
 * subscription is never written again. A write completes once the view holds it. A
 * subscription of another tenant is treated as absent. When Kafka or the view does not
 * answer within the timeout, the {@code Mono} fails with
 * {@link KafkaUnavailableException}.
 */
final class SubscriptionStore {

	private final CompactedTable<Subscription> table;

	private final SubscriptionWriter writer;

	SubscriptionStore(CompactedTable<Subscription> table, SubscriptionWriter writer) {
		this.table = table;
		this.writer = writer;
	}

	/**
	 * Writes a new subscription; completes once it is readable. Fails with
	 * {@link IllegalStateException} if its id is taken.
	 */
	Mono<Subscription> create(Subscription subscription) {
		return write(subscription.getId(), (found) -> {
			if (found.isPresent()) {
				throw new IllegalStateException("subscription id " + subscription.getId() + " is taken");
			}
			return Plan.write(subscription, subscription);
		});
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
	 * Changes the tenant's subscription: the change gets its latest record and returns
	 * the new one, to which this store gives the next version and {@code updatedAt}, and
	 * from which it drops the previous secrets that have expired.
	 * @param expectedVersion the version the caller read ({@code If-Match}), or null for
	 * any
	 * @return the stored record, or empty when the tenant has no such subscription; fails
	 * with {@link VersionMismatchException} when the version moved on
	 */
	Mono<Optional<Subscription>> update(String tenant, String id, @Nullable Long expectedVersion,
			UnaryOperator<Subscription> change) {
		return write(id, (found) -> {
			Optional<Subscription> owned = found.filter((subscription) -> subscription.getTenant().equals(tenant));
			if (owned.isEmpty()) {
				return Plan.keep(Optional.<Subscription>empty());
			}
			Subscription current = owned.get();
			if (expectedVersion != null && current.getVersion() != expectedVersion) {
				throw new VersionMismatchException(current.getVersion());
			}
			Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
			Subscription proposed = change.apply(Subscription.newBuilder(current).build());
			Subscription changed = Subscription.newBuilder(proposed)
				.setPreviousSecrets(Secrets.live(proposed.getPreviousSecrets(), now))
				.setVersion(current.getVersion() + 1)
				.setUpdatedAt(now)
				.build();
			return Plan.write(Optional.of(changed), changed);
		});
	}

	/** Deletes the tenant's subscription; completes with false when there is none. */
	Mono<Boolean> delete(String tenant, String id) {
		return write(id, (found) -> found.filter((subscription) -> subscription.getTenant().equals(tenant)).isEmpty()
				? Plan.keep(false) : Plan.write(true, null));
	}

	/** Runs a change on a thread that may block, where the writer waits for Kafka. */
	private <T> Mono<T> write(String id, Function<Optional<Subscription>, Plan<T>> decide) {
		return Mono.fromCallable(() -> this.writer.change(id, decide))
			.subscribeOn(Schedulers.boundedElastic())
			.onErrorMap(KafkaException.class, (ex) -> new KafkaUnavailableException(
					"the change of subscription " + id + " was not confirmed: " + ex.getMessage(), ex));
	}

	private Optional<Subscription> ownedBy(String tenant, String id) {
		return this.table.current(id).filter(subscription -> subscription.getTenant().equals(tenant));
	}

}
