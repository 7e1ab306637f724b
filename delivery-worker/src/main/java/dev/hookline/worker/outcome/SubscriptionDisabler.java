package dev.hookline.worker.outcome;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.TableView;
import dev.hookline.schemas.Topic;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Disables a subscription the way an admin change does: writes its current version, with
 * {@code active=false}, a reason, the next version number and the time, to the
 * subscriptions topic.
 *
 * <p>
 * Only a subscription that is still active and still points at the URL whose answer led
 * here is disabled: an admin may have moved it to a fixed endpoint meanwhile. Once the
 * change is written, this waits (at most {@code syncTimeout}) for the worker's own view
 * to apply it, so that every delivery of the subscription processed after this one
 * completes finds it disabled and is dropped unsent. A subscription disabled at some
 * version is written once, however many of its deliveries fail meanwhile, and announced
 * by a {@code hookline.subscription.disabled} event, written before this completes.
 */
final class SubscriptionDisabler {

	private static final Logger log = LoggerFactory.getLogger(SubscriptionDisabler.class);

	private final TableView<String, Subscription> view;

	private final Topic<String, Subscription> topic;

	private final TopicWriter writer;

	private final OperationalEventWriter events;

	private final Duration syncTimeout;

	private final Clock clock;

	/** The version each subscription was disabled at by this worker. */
	private final Map<String, Long> disabled = new ConcurrentHashMap<>();

	SubscriptionDisabler(TableView<String, Subscription> view, Topic<String, Subscription> topic, TopicWriter writer,
			OperationalEventWriter events, Duration syncTimeout, Clock clock) {
		this.view = view;
		this.topic = topic;
		this.writer = writer;
		this.events = events;
		this.syncTimeout = syncTimeout;
		this.clock = clock;
	}

	/**
	 * The subscription as it is now, if it is active and still sends to {@code url}: the
	 * one to disable.
	 */
	@Nullable Subscription target(String subscriptionId, String url) {
		Subscription current = this.view.get(subscriptionId).orElse(null);
		return (current != null && current.getActive() && current.getUrl().equals(url)) ? current : null;
	}

	/** Completes once the change is durable and, within the timeout, in the view. */
	Mono<Void> disable(Subscription current, String reason, BooleanSupplier owned) {
		Long before = this.disabled.put(current.getId(), current.getVersion());
		if (before != null && before == current.getVersion()) {
			return Mono.empty();
		}
		Subscription inactive = Subscription.newBuilder(current)
			.setActive(false)
			.setDisabledReason(reason)
			.setVersion(current.getVersion() + 1)
			.setUpdatedAt(this.clock.instant())
			.build();
		return this.writer
			.write(this.topic, current.getId(), inactive, "disabled subscription " + current.getId(), owned)
			.doOnSuccess((written) -> log.warn("subscription {} disabled: {}", current.getId(), reason))
			.flatMap((written) -> Mono.when(this.events.disabled(current, reason, inactive.getUpdatedAt(), owned),
					applied(written)))
			.doOnError((ex) -> this.disabled.remove(current.getId(), current.getVersion()));
	}

	/**
	 * Forgets which versions it disabled: after an aborted transaction those writes may
	 * not have happened.
	 */
	void forgetAll() {
		this.disabled.clear();
	}

	private Mono<Void> applied(RecordMetadata written) {
		return Mono.fromFuture(() -> this.view.awaitOffset(written.partition(), written.offset()))
			.timeout(this.syncTimeout)
			// leave the view's own thread, which completes the barrier
			.publishOn(Schedulers.parallel())
			.onErrorResume((ex) -> {
				log.warn("subscriptions view did not apply a disabled subscription within {}: {}", this.syncTimeout,
						ex.toString());
				return Mono.empty();
			})
			.then();
	}

}
