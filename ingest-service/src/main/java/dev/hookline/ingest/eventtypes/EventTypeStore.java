package dev.hookline.ingest.eventtypes;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.hookline.ingest.kafka.CompactedTable;
import dev.hookline.ingest.kafka.KafkaUnavailableException;
import dev.hookline.ingest.subscriptions.KnownEventTypes;
import dev.hookline.schemas.EventType;
import dev.hookline.schemas.Topics;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The tenants' event-type catalogues: kept in a compacted topic through a
 * {@link CompactedTable}, with read-your-writes.
 *
 * <p>
 * A write completes only once the view holds it, and every read first passes a read
 * barrier ({@link CompactedTable#synced()}), so a read after a write, on this instance or
 * another, sees it. Records are keyed by {@link Topics#eventTypeKey}, so a tenant never
 * reaches another's entries. When Kafka or the view does not answer within the timeout,
 * the {@code Mono} fails with {@link KafkaUnavailableException}.
 */
final class EventTypeStore implements KnownEventTypes {

	private final CompactedTable<EventType> table;

	EventTypeStore(CompactedTable<EventType> table) {
		this.table = table;
	}

	@Override
	public Mono<Set<String>> names(String tenant) {
		return synced().then(Mono
			.fromSupplier(() -> ofTenant(tenant).map(EventType::getName).collect(Collectors.toUnmodifiableSet())));
	}

	/**
	 * Creates or replaces the tenant's entry of this name. The change gets a builder of
	 * the entry with its tenant and name set (and, on a replace, its current fields) and
	 * sets the fields it wants; this store gives it the next version, {@code createdAt}
	 * and {@code updatedAt}. Saves of one name through this instance are applied one at a
	 * time, so no two get the same version; two instances saving one name at the same
	 * moment resolve last-writer-wins.
	 * @return the stored entry and whether it was created; completes once it is readable
	 */
	Mono<Saved> save(String tenant, String name, UnaryOperator<EventType.Builder> change) {
		String key = Topics.eventTypeKey(tenant, name);
		Mono<Saved> attempt = find(tenant, name).flatMap(found -> {
			Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
			EventType current = found.orElse(null);
			EventType.Builder builder = (current != null) ? EventType.newBuilder(current)
					: EventType.newBuilder().setTenant(tenant).setName(name).setCreatedAt(now);
			EventType saved = change.apply(builder)
				.setTenant(tenant)
				.setName(name)
				.setVersion((current != null) ? current.getVersion() + 1 : 1)
				.setUpdatedAt(now)
				.build();
			return this.table.write(key, saved).thenReturn(new Saved(saved, current == null));
		});
		return this.table.serialized(key, attempt);
	}

	/** The tenant's entry of this name, if any. */
	Mono<Optional<EventType>> find(String tenant, String name) {
		return synced().then(Mono.fromSupplier(() -> current(tenant, name)));
	}

	/**
	 * The tenant's entry as the view holds it now, without a read barrier: for the ingest
	 * path, which must not wait on Kafka per event.
	 */
	Optional<EventType> current(String tenant, String name) {
		return this.table.current(Topics.eventTypeKey(tenant, name)).filter(found -> found.getTenant().equals(tenant));
	}

	/**
	 * A page of the tenant's entries in name order.
	 * @param filter which entries to keep
	 * @param after only names greater than this one, or all when null
	 * @param limit the most to return
	 */
	Mono<List<EventType>> list(String tenant, Predicate<EventType> filter, @Nullable String after, int limit) {
		return synced().then(Mono.fromSupplier(() -> ofTenant(tenant).filter(filter)
			.filter(found -> after == null || found.getName().compareTo(after) > 0)
			.sorted(Comparator.comparing(EventType::getName))
			.limit(limit)
			.toList()));
	}

	/** Deletes the tenant's entry; completes with false when there is none. */
	Mono<Boolean> delete(String tenant, String name) {
		return find(tenant, name).flatMap(found -> found.isEmpty() ? Mono.just(false)
				: this.table.write(Topics.eventTypeKey(tenant, name), null).thenReturn(true));
	}

	/** A read barrier: completes once the view holds every change acknowledged before. */
	Mono<Void> synced() {
		return this.table.synced();
	}

	private Stream<EventType> ofTenant(String tenant) {
		return this.table.values().filter(found -> found.getTenant().equals(tenant));
	}

	/**
	 * The outcome of a save.
	 *
	 * @param eventType the entry as stored
	 * @param created whether there was no entry of that name before
	 */
	record Saved(EventType eventType, boolean created) {

	}

}
