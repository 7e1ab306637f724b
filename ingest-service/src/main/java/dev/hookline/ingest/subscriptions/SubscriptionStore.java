package dev.hookline.ingest.subscriptions;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.function.Supplier;

import dev.hookline.ingest.kafka.KafkaPublisher;
import dev.hookline.ingest.kafka.KafkaUnavailableException;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.TableView;
import dev.hookline.schemas.Topic;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The tenant-scoped subscriptions: written to the compacted topic, read from a
 * {@link TableView} of it, with read-your-writes.
 *
 * <p>
 * A write completes only once the view holds it, and every read first passes a read
 * barrier ({@link TableView#sync()}), so a read after a write, on this instance or
 * another, sees it. A subscription of another tenant is treated as absent. When Kafka or
 * the view does not answer within the timeout, the {@code Mono} fails with
 * {@link KafkaUnavailableException}.
 */
final class SubscriptionStore {

	private final TableView<String, Subscription> view;

	private final KafkaPublisher kafka;

	private final Topic<String, Subscription> topic;

	private final Duration timeout;

	/** The latest change queued per subscription id, while one is in progress. */
	private final Map<String, Mono<Optional<Subscription>>> changes = new ConcurrentHashMap<>();

	SubscriptionStore(TableView<String, Subscription> view, KafkaPublisher kafka, Topic<String, Subscription> topic,
			Duration timeout) {
		this.view = view;
		this.kafka = kafka;
		this.topic = topic;
		this.timeout = timeout;
	}

	/** Writes a new or changed subscription; completes once it is readable. */
	Mono<Subscription> put(Subscription subscription) {
		return write(subscription.getId(), subscription).thenReturn(subscription);
	}

	/** The tenant's subscription with this id, if any. */
	Mono<Optional<Subscription>> find(String tenant, String id) {
		return barrier(this.view::sync).then(Mono.fromSupplier(() -> ownedBy(tenant, id)));
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
		return barrier(this.view::sync).then(Mono.fromSupplier(() -> this.view.values()
			.stream()
			.filter(subscription -> subscription.getTenant().equals(tenant))
			.filter(subscription -> after == null || subscription.getId().compareTo(after) > 0)
			.filter(filter)
			.sorted(Comparator.comparing(Subscription::getId))
			.limit(limit)
			.toList()));
	}

	/**
	 * The subscriptions of every tenant, as the view holds them now (no read barrier),
	 * that carry a previous secret expired at {@code now}.
	 */
	List<Subscription> withExpiredSecrets(Instant now) {
		return this.view.values().stream().filter((subscription) -> Secrets.anyExpired(subscription, now)).toList();
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
		return Mono.defer(() -> {
			// queue behind the change in progress, whatever it ended with
			Mono<Optional<Subscription>> queued = this.changes
				.compute(
						id, (key,
								previous) -> ((previous != null)
										? previous.onErrorResume((ex) -> Mono.empty()).then(attempt) : attempt)
									.cache());
			return queued.doFinally((signal) -> this.changes.remove(id, queued));
		});
	}

	/** Deletes the tenant's subscription; completes with false when there is none. */
	Mono<Boolean> delete(String tenant, String id) {
		return find(tenant, id).flatMap(found -> found.isEmpty() ? Mono.just(false) : write(id, null).thenReturn(true));
	}

	private Optional<Subscription> ownedBy(String tenant, String id) {
		return this.view.get(id).filter(subscription -> subscription.getTenant().equals(tenant));
	}

	private Mono<Void> write(String id, @Nullable Subscription value) {
		return this.kafka.send(this.topic, id, value).flatMap(this::awaitInView);
	}

	private Mono<Void> awaitInView(RecordMetadata written) {
		return barrier(() -> this.view.awaitOffset(written.partition(), written.offset()));
	}

	private Mono<Void> barrier(Supplier<CompletableFuture<Void>> barrier) {
		return Mono.fromFuture(barrier, true)
			.timeout(this.timeout)
			// barriers complete on the view's thread, which must get back to polling
			.publishOn(Schedulers.parallel())
			// a timeout, or the view stopped because it lost Kafka
			.onErrorMap(ex -> new KafkaUnavailableException(
					"the subscriptions view did not catch up within " + this.timeout, ex));
	}

}
