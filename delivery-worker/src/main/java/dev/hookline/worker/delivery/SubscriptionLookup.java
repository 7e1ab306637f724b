package dev.hookline.worker.delivery;

import java.time.Duration;

import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.TableView;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Finds a delivery's subscription as it is now, in the worker's view of the subscriptions
 * topic.
 *
 * <p>
 * The router matched the delivery against a subscription it had read from the topic, so
 * when the view holds no such subscription, or an older version than the delivery names,
 * the view may simply lag. Then a read barrier ({@link TableView#sync()}) waits, without
 * blocking a thread, until the view holds everything the topic held, and the view is
 * asked again: a subscription still absent was deleted. If the barrier does not finish in
 * time, the version the view has is used, and with none the state is
 * {@link SubscriptionState.Status#UNAVAILABLE}.
 */
final class SubscriptionLookup {

	private static final Logger log = LoggerFactory.getLogger(SubscriptionLookup.class);

	private final TableView<String, Subscription> view;

	private final Duration syncTimeout;

	SubscriptionLookup(TableView<String, Subscription> view, Duration syncTimeout) {
		this.view = view;
		this.syncTimeout = syncTimeout;
	}

	Mono<SubscriptionState> find(Delivery delivery) {
		String id = delivery.getSubscriptionId();
		Subscription known = this.view.get(id).orElse(null);
		if (known != null && known.getVersion() >= delivery.getSubscriptionVersion()) {
			return Mono.just(SubscriptionState.of(delivery, known));
		}
		return Mono.fromFuture(this.view::sync)
			.timeout(this.syncTimeout)
			// leave the view's own thread, which completes the barrier
			.publishOn(Schedulers.parallel())
			.then(Mono.fromSupplier(() -> SubscriptionState.of(delivery, this.view.get(id).orElse(null))))
			.onErrorResume((ex) -> Mono.just(whenBarrierFailed(delivery, known, ex)));
	}

	private SubscriptionState whenBarrierFailed(Delivery delivery, @Nullable Subscription known, Throwable failure) {
		log.warn("subscriptions view did not catch up within {} for subscription {}: {}", this.syncTimeout,
				delivery.getSubscriptionId(), failure.toString());
		return (known != null) ? SubscriptionState.of(delivery, known) : SubscriptionState.UNAVAILABLE;
	}

}
