package dev.hookline.ingest.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.QuarantineWriter;
import dev.hookline.schemas.TableView;
import dev.hookline.schemas.Topic;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A compacted topic the API owns, with read-your-writes: written through the
 * {@link KafkaPublisher}, read from a {@link TableView} of it.
 *
 * <p>
 * A write completes only once the view holds it, and {@link #synced()} is a read barrier
 * that completes once the view holds every change acknowledged before it, on any
 * instance. {@link #serialized} queues the changes of one key made through this instance
 * one behind the other, so a read-modify-write never loses a concurrent one; instances
 * changing one key at the same moment resolve last-writer-wins. When Kafka or the view
 * does not answer within the timeout, the {@code Mono} fails with
 * {@link KafkaUnavailableException}.
 *
 * @param <V> the record type
 */
public final class CompactedTable<V> {

	private static final long STARTUP_SYNC_SECONDS = 60;

	private final TableView<String, V> view;

	private final KafkaPublisher kafka;

	private final Topic<String, V> topic;

	private final Duration timeout;

	/** The latest change queued per key, while one is in progress. */
	private final Map<String, Mono<?>> changes = new ConcurrentHashMap<>();

	public CompactedTable(TableView<String, V> view, KafkaPublisher kafka, Topic<String, V> topic, Duration timeout) {
		this.view = view;
		this.kafka = kafka;
		this.topic = topic;
		this.timeout = timeout;
	}

	/**
	 * A view of the topic that has caught up with it, for the service to start with;
	 * fails when it has not caught up within {@value #STARTUP_SYNC_SECONDS} seconds.
	 * @param quarantine where the records it cannot decode go
	 */
	public static <V> TableView<String, V> startedView(Topic<String, V> topic, KafkaSettings settings, String clientId,
			QuarantineWriter quarantine) throws InterruptedException {
		TableView<String, V> view = new TableView<>(topic, settings.bootstrapServers(), settings.client(clientId),
				quarantine);
		try {
			view.start().get(STARTUP_SYNC_SECONDS, TimeUnit.SECONDS);
			return view;
		}
		catch (ExecutionException | TimeoutException ex) {
			view.close();
			throw new IllegalStateException(
					"the view of " + topic.name() + " did not catch up within " + STARTUP_SYNC_SECONDS + "s", ex);
		}
		catch (InterruptedException ex) {
			view.close();
			throw ex;
		}
	}

	/** Writes a value, or a tombstone when null; completes once the view holds it. */
	public Mono<Void> write(String key, @Nullable V value) {
		return this.kafka.send(this.topic, key, value)
			.flatMap((written) -> barrier(() -> this.view.awaitOffset(written.partition(), written.offset())));
	}

	/** A read barrier: completes once the view holds every change acknowledged before. */
	public Mono<Void> synced() {
		return barrier(this.view::sync);
	}

	/** The value of a key as the view holds it now, without a read barrier. */
	public Optional<V> current(String key) {
		return this.view.get(key);
	}

	/** Every value as the view holds it now, without a read barrier. */
	public Stream<V> values() {
		return this.view.values().stream();
	}

	/**
	 * Runs a change of one key after the change of that key in progress on this instance,
	 * whatever that one ended with.
	 */
	@SuppressWarnings("unchecked")
	public <T> Mono<T> serialized(String key, Mono<T> change) {
		return Mono.defer(() -> {
			Mono<T> queued = (Mono<T>) this.changes.compute(key, (k, previous) -> ((previous != null)
					? previous.onErrorResume((ex) -> Mono.empty()).then(change) : change)
				.cache());
			return queued.doFinally((signal) -> this.changes.remove(key, queued));
		});
	}

	private Mono<Void> barrier(Supplier<CompletableFuture<Void>> barrier) {
		return Mono.fromFuture(barrier, true)
			.timeout(this.timeout)
			// barriers complete on the view's thread, which must get back to polling
			.publishOn(Schedulers.parallel())
			// a timeout, or the view stopped because it lost Kafka
			.onErrorMap((ex) -> new KafkaUnavailableException(
					"the view of " + this.topic.name() + " did not catch up within " + this.timeout, ex));
	}

}
