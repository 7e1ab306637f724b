package dev.hookline.worker.outcome;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import dev.hookline.schemas.Subscription;
import dev.hookline.worker.LogKeys;
import dev.hookline.schemas.SubscriptionWriter;
import dev.hookline.schemas.SubscriptionWriter.Plan;
import dev.hookline.schemas.TableView;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Disables a subscription the way an admin change does: through the
 * {@link SubscriptionWriter}, which decides on the subscription's latest record under the
 * lease every writer of subscriptions shares, and writes it with {@code active=false}, a
 * reason, the next version and the time.
 *
 * <p>
 * Only a subscription that is still active and still points at the URL whose answer led
 * here is disabled: an admin may have moved it to a fixed endpoint meanwhile, rotated its
 * secret or deleted it, and the worker's own view may not show it yet. The decision is
 * taken on the latest record, never on the view's, so none of those changes is undone.
 * The {@code hookline.subscription.disabled} event is committed in the same transaction
 * as the change. When Kafka does not confirm the change after a few tries, the delivery
 * follows the schedule instead, and its next failure tries again. Once written, the
 * worker's view holds the change before this completes, so that every delivery of the
 * subscription processed after this one finds it disabled.
 */
final class SubscriptionDisabler {

	private static final Logger log = LoggerFactory.getLogger(SubscriptionDisabler.class);

	/** Tries after the first when Kafka did not answer or said nothing sure. */
	private static final int RETRIES = 3;

	private final TableView<String, Subscription> view;

	private final SubscriptionWriter writer;

	private final OperationalEventWriter events;

	private final Clock clock;

	SubscriptionDisabler(TableView<String, Subscription> view, SubscriptionWriter writer, OperationalEventWriter events,
			Clock clock) {
		this.view = view;
		this.writer = writer;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Whether the worker's view shows the subscription active and sending to {@code url}:
	 * worth deciding on under the lease.
	 */
	boolean candidate(String subscriptionId, String url) {
		return disablesAt(this.view.get(subscriptionId), url);
	}

	/**
	 * Disables the subscription if its latest record is still active and sends to
	 * {@code url}, and this worker still owns the delivery that failed there.
	 * @return whether the subscription is now disabled for sending to {@code url}: by
	 * this call, or by another worker or an earlier call a moment ago
	 */
	Mono<Boolean> disable(String subscriptionId, String url, String reason, BooleanSupplier owned) {
		return Mono
			.fromCallable(() -> this.writer.change(subscriptionId, (latest) -> decide(latest, url, reason, owned)))
			.subscribeOn(Schedulers.boundedElastic())
			// safe to repeat: a change that did commit is found disabled and kept
			.retryWhen(Retry.backoff(RETRIES, Duration.ofMillis(200)).filter(KafkaException.class::isInstance))
			.onErrorResume((ex) -> {
				// never hold the partition's progress up: the next failure tries again
				log.warn("could not disable subscription {} ({}); its delivery follows the schedule", subscriptionId,
						ex.toString());
				return Mono.just(false);
			});
	}

	private Plan<Boolean> decide(Optional<Subscription> latest, String url, String reason, BooleanSupplier owned) {
		if (!disablesAt(latest, url)) {
			Subscription current = latest.orElse(null);
			boolean disabledThere = current != null && !current.getActive() && current.getDisabledReason() != null
					&& current.getUrl().equals(url);
			return Plan.keep(disabledThere);
		}
		if (!owned.getAsBoolean()) {
			// another worker owns the delivery now and decides for itself
			return Plan.keep(false);
		}
		Subscription current = latest.get();
		// as the record keeps it, so the event tells the same time
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		Subscription inactive = Subscription.newBuilder(current)
			.setActive(false)
			.setDisabledReason(reason)
			.setVersion(current.getVersion() + 1)
			.setUpdatedAt(now)
			.build();
		LogKeys.subscription(log.atWarn(), current)
			.log("disabling subscription {} at version {}: {}", current.getId(), inactive.getVersion(), reason);
		return Plan.write(true, inactive).with(List.of(this.events.disabled(current, reason, now)));
	}

	private static boolean disablesAt(Optional<Subscription> subscription, String url) {
		return subscription.filter((current) -> current.getActive() && current.getUrl().equals(url)).isPresent();
	}

}
