package dev.hookline.worker.delivery;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;

import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.Subscription;
import dev.hookline.sender.http.WebhookClient;
import dev.hookline.sender.http.WebhookRequest;
import dev.hookline.sender.outcome.OutcomeClassifier;
import dev.hookline.worker.outcome.NextStep;
import dev.hookline.worker.outcome.NotSent;
import dev.hookline.worker.outcome.Origin;
import dev.hookline.worker.ratelimit.RateLimits;
import dev.hookline.worker.ratelimit.WaitingDeliveries;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Takes one delivery through one attempt: looks up its subscription as it is now, sends
 * it signed, lets the {@link OutcomeClassifier} judge the result and the {@link NextStep}
 * record it.
 *
 * <p>
 * A deleted or disabled subscription gets no request: the attempt is recorded as
 * {@code dropped}. A subscription with a rate limit gets its requests no faster than
 * {@link RateLimits} allows: a delivery waits for its turn on a timer, counted in
 * {@link WaitingDeliveries} meanwhile, then is sent to the subscription as it is at that
 * time. The returned {@code Mono} completes once the attempt and what followed it are
 * durable, and fails only if the worker lost the delivery's partition before that.
 */
public final class DeliveryProcessor {

	private static final Logger log = LoggerFactory.getLogger(DeliveryProcessor.class);

	private final SubscriptionLookup lookup;

	private final EndpointRequests requests;

	private final WebhookClient client;

	private final OutcomeClassifier classifier;

	private final NextStep nextStep;

	private final RateLimits rateLimits;

	private final WaitingDeliveries waiting;

	DeliveryProcessor(SubscriptionLookup lookup, EndpointRequests requests, WebhookClient client,
			OutcomeClassifier classifier, NextStep nextStep, RateLimits rateLimits, WaitingDeliveries waiting) {
		this.lookup = lookup;
		this.requests = requests;
		this.client = client;
		this.classifier = classifier;
		this.nextStep = nextStep;
		this.rateLimits = rateLimits;
		this.waiting = waiting;
	}

	/**
	 * @param delivery the delivery, due now
	 * @param origin where it was read from
	 */
	public Mono<Void> process(Delivery delivery, Origin origin) {
		return this.lookup.find(delivery).flatMap((state) -> {
			if (state.status() != SubscriptionState.Status.ACTIVE) {
				return act(delivery, state, origin);
			}
			Subscription subscription = Objects.requireNonNull(state.subscription());
			Duration wait = this.rateLimits.reserve(subscription);
			if (wait.isZero()) {
				return act(delivery, state, origin);
			}
			return awaitSlot(subscription, wait).then(Mono.defer(() -> afterWaiting(delivery, origin)));
		});
	}

	/**
	 * A timer, not a thread, waits. The delivery stays in flight meanwhile, and is
	 * counted as waiting, so that the intake stops taking the subscription's deliveries
	 * from Kafka before they fill the worker.
	 */
	private Mono<Long> awaitSlot(Subscription subscription, Duration wait) {
		String subscriptionId = subscription.getId();
		return Mono.defer(() -> {
			this.waiting.started(subscription);
			return Mono.delay(wait).doFinally((signal) -> this.waiting.ended(subscriptionId));
		});
	}

	/** The worker no longer owns these partitions. */
	public void partitionsReleased(Collection<TopicPartition> partitions) {
		this.nextStep.partitionsReleased(partitions);
	}

	/**
	 * The subscription may have changed or gone while the delivery waited for its turn,
	 * and the partition may have been taken away: the next owner sends it then.
	 */
	private Mono<Void> afterWaiting(Delivery delivery, Origin origin) {
		if (!origin.owned()) {
			log.debug("{} released while delivery {} waited for its rate limit", origin.partition(),
					delivery.getDeliveryId());
			return Mono.empty();
		}
		return this.lookup.find(delivery).flatMap((state) -> act(delivery, state, origin));
	}

	private Mono<Void> act(Delivery delivery, SubscriptionState state, Origin origin) {
		return switch (state.status()) {
			case ACTIVE -> send(delivery, Objects.requireNonNull(state.subscription()), origin);
			case DISABLED -> this.nextStep.notSent(delivery, Objects.requireNonNull(state.subscription()).getUrl(),
					NotSent.SUBSCRIPTION_DISABLED, origin);
			case DELETED -> this.nextStep.notSent(delivery, "", NotSent.SUBSCRIPTION_DELETED, origin);
			case UNAVAILABLE -> this.nextStep.notSent(delivery, "", NotSent.SUBSCRIPTION_UNAVAILABLE, origin);
		};
	}

	private Mono<Void> send(Delivery delivery, Subscription subscription, Origin origin) {
		WebhookRequest request;
		try {
			request = this.requests.build(delivery, subscription);
		}
		catch (IllegalStateException ex) {
			// SecretCipher's messages name the subscription, never a secret
			log.error("cannot sign delivery {}: {}", delivery.getDeliveryId(), ex.getMessage());
			return this.nextStep.notSent(delivery, subscription.getUrl(), NotSent.SECRET_UNAVAILABLE, origin);
		}
		return this.client.send(request)
			.flatMap((result) -> this.nextStep.afterSend(delivery, subscription, result,
					this.classifier.classify(result), origin));
	}

}
