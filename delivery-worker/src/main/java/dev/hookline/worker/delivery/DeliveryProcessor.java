package dev.hookline.worker.delivery;

import java.util.Collection;
import java.util.Objects;

import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.TraceHops;
import dev.hookline.sender.http.WebhookClient;
import dev.hookline.sender.http.WebhookRequest;
import dev.hookline.sender.outcome.OutcomeClassifier;
import dev.hookline.worker.LogKeys;
import dev.hookline.worker.endpoint.Endpoints;
import dev.hookline.worker.endpoint.Permit;
import dev.hookline.worker.outcome.NextStep;
import dev.hookline.worker.outcome.NotSent;
import dev.hookline.worker.outcome.Origin;
import dev.hookline.worker.outcome.Quarantine;
import dev.hookline.worker.ratelimit.RateLimits;
import dev.hookline.worker.ratelimit.WaitingDeliveries;
import io.micrometer.tracing.Span;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Takes one delivery through one attempt: looks up its subscription as it is now, sends
 * it signed, lets the {@link OutcomeClassifier} judge the result and the {@link NextStep}
 * record it.
 *
 * <p>
 * A deleted subscription, or one an admin deactivated, gets no request: the attempt is
 * recorded as {@code dropped}. One of another tenant than the delivery's is never signed
 * nor sent: the delivery is quarantined ({@link Quarantine}). One that Hookline disabled
 * (410 Gone, failing for too long) gets none either, and the delivery goes to the
 * dead-letter topic for a replay. A subscription with a rate limit gets its requests no
 * faster than {@link RateLimits} allows: a delivery waits for its turn on a timer,
 * counted in {@link WaitingDeliveries} meanwhile, then is sent to the subscription as it
 * is at that time. Every request then waits for its turn at the endpoint
 * ({@link Endpoints}): a free slot under the endpoint's concurrency cap, again on no
 * thread and re-reading the subscription if it had to wait; or, while the endpoint's
 * circuit is open, a refusal, and the delivery is deferred to the retry tiers without a
 * request and without spending an attempt ({@code circuit_open}), for at least as long as
 * the endpoint has been out, so that a long outage re-reads its deliveries less and less
 * often. The returned {@code Mono} completes once the attempt and what followed it are
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

	private final Endpoints endpoints;

	private final Quarantine quarantine;

	private final TraceHops traces;

	DeliveryProcessor(SubscriptionLookup lookup, EndpointRequests requests, WebhookClient client,
			OutcomeClassifier classifier, NextStep nextStep, RateLimits rateLimits, WaitingDeliveries waiting,
			Endpoints endpoints, Quarantine quarantine, TraceHops traces) {
		this.traces = traces;
		this.lookup = lookup;
		this.requests = requests;
		this.client = client;
		this.classifier = classifier;
		this.nextStep = nextStep;
		this.rateLimits = rateLimits;
		this.waiting = waiting;
		this.endpoints = endpoints;
		this.quarantine = quarantine;
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
			Mono<Void> turn = this.rateLimits.acquire(subscription);
			if (turn == null) {
				return act(delivery, state, origin);
			}
			return awaitTurn(subscription, turn).then(Mono.defer(() -> afterWaiting(delivery, origin)));
		});
	}

	/**
	 * A timer, not a thread, waits. The delivery stays in flight meanwhile, and is
	 * counted as waiting, so that the intake stops taking the subscription's deliveries
	 * from Kafka before they fill the worker.
	 */
	private Mono<Void> awaitTurn(Subscription subscription, Mono<Void> turn) {
		String subscriptionId = subscription.getId();
		return Mono.defer(() -> {
			this.waiting.started(subscription);
			return turn.doFinally((signal) -> this.waiting.ended(subscriptionId));
		});
	}

	/**
	 * An outcome transaction aborted: what this worker remembers of writes it made since
	 * the last commit may no longer be true.
	 */
	public void outcomesAborted() {
		this.nextStep.outcomesAborted();
	}

	/** The worker no longer owns these partitions. */
	public void partitionsReleased(Collection<TopicPartition> partitions) {
		this.nextStep.partitionsReleased(partitions);
		this.endpoints.forget(partitions);
	}

	/**
	 * The subscription may have changed or gone while the delivery waited for its turn,
	 * and the partition may be being taken away: the next owner sends it then. The turn
	 * took a token as it came, so the delivery goes at once, without asking again.
	 */
	private Mono<Void> afterWaiting(Delivery delivery, Origin origin) {
		if (!origin.mayStart()) {
			return released(delivery, origin, null);
		}
		return this.lookup.find(delivery).flatMap((state) -> act(delivery, state, origin));
	}

	/**
	 * The delivery's partition is being revoked (or is gone) before it sent its request:
	 * it is left, unsent and uncommitted, to the next owner, so that no two workers send
	 * to its endpoint at once.
	 */
	private static Mono<Void> released(Delivery delivery, Origin origin, @Nullable Permit permit) {
		if (permit != null) {
			permit.cancelled();
		}
		log.debug("{} released before delivery {} sent its request", origin.partition(), delivery.getDeliveryId());
		return Mono.error(Released.INSTANCE);
	}

	private Mono<Void> act(Delivery delivery, SubscriptionState state, Origin origin) {
		return switch (state.status()) {
			case ACTIVE -> send(delivery, Objects.requireNonNull(state.subscription()), origin);
			case DISABLED -> disabled(delivery, Objects.requireNonNull(state.subscription()), origin);
			case FOREIGN ->
				this.quarantine.tenantMismatch(delivery, Objects.requireNonNull(state.subscription()), origin);
			case DELETED -> this.nextStep.notSent(delivery, "", NotSent.SUBSCRIPTION_DELETED, origin);
			case UNAVAILABLE -> this.nextStep.notSent(delivery, "", NotSent.SUBSCRIPTION_UNAVAILABLE, origin);
		};
	}

	/**
	 * An inactive subscription with a reason was disabled by Hookline (410 Gone, failing
	 * for too long): its deliveries are dead-lettered for replay. Without one, an admin
	 * deactivated it: they are dropped.
	 */
	private Mono<Void> disabled(Delivery delivery, Subscription subscription, Origin origin) {
		NotSent reason = (subscription.getDisabledReason() != null) ? NotSent.SUBSCRIPTION_DISABLED
				: NotSent.SUBSCRIPTION_DEACTIVATED;
		return this.nextStep.notSent(delivery, subscription.getUrl(), reason, origin);
	}

	/**
	 * Waits for the delivery's turn at its endpoint. Whatever happens next, the slot is
	 * given back: by the request's result, or at the latest when all is done.
	 */
	private Mono<Void> send(Delivery delivery, Subscription subscription, Origin origin) {
		return this.endpoints.admit(subscription.getId(), origin.partition())
			.flatMap((permit) -> Mono.defer(() -> take(delivery, subscription, permit, origin))
				.doFinally((signal) -> permit.cancelled()));
	}

	private Mono<Void> take(Delivery delivery, Subscription subscription, Permit permit, Origin origin) {
		return permit.waited() ? afterTurn(delivery, permit, origin) : send(delivery, subscription, permit, origin);
	}

	/**
	 * Like {@link #afterWaiting}: the subscription may have changed or gone while the
	 * delivery waited for a slot, and the partition may have been taken away.
	 */
	private Mono<Void> afterTurn(Delivery delivery, Permit permit, Origin origin) {
		if (!origin.mayStart()) {
			return released(delivery, origin, permit);
		}
		return this.lookup.find(delivery).flatMap((state) -> {
			if (state.status() != SubscriptionState.Status.ACTIVE) {
				permit.cancelled();
				return act(delivery, state, origin);
			}
			return send(delivery, Objects.requireNonNull(state.subscription()), permit, origin);
		});
	}

	private Mono<Void> send(Delivery delivery, Subscription subscription, Permit permit, Origin origin) {
		if (permit.refused()) {
			return this.nextStep.deferred(delivery, subscription.getUrl(), NotSent.CIRCUIT_OPEN, permit.outage(),
					origin);
		}
		Mono<Void> leave = this.rateLimits.acquireToSend(subscription);
		if (leave == null) {
			return request(delivery, subscription, permit, origin);
		}
		return leave.then(Mono.defer(() -> origin.mayStart() ? request(delivery, subscription, permit, origin)
				: released(delivery, origin, permit)));
	}

	private Mono<Void> request(Delivery delivery, Subscription subscription, Permit permit, Origin origin) {
		if (!origin.mayStart()) {
			return released(delivery, origin, permit);
		}
		// the attempt is a span of the event's trace, continuing the router's, and the
		// endpoint receives its context
		Span span = this.traces.start("hookline.attempt", origin.traceparent());
		span.tag("hookline.attempt", delivery.getAttempt());
		WebhookRequest request;
		try {
			request = this.requests.build(delivery, subscription, this.traces.traceparent(span));
		}
		catch (IllegalStateException ex) {
			span.error(ex);
			span.end();
			permit.cancelled();
			// SecretCipher's messages name the subscription, never a secret
			LogKeys.delivery(log.atError(), delivery)
				.log("cannot sign delivery {}: {}", delivery.getDeliveryId(), ex.getMessage());
			return this.nextStep.notSent(delivery, subscription.getUrl(), NotSent.SECRET_UNAVAILABLE, origin);
		}
		return this.client.send(request).doOnNext((result) -> {
			if (result.status() != null) {
				span.tag("http.response.status_code", result.status());
			}
			if (result.error() != null) {
				span.tag("error.type", result.error().code());
			}
		})
			// answered, failed or cancelled, the span ends with the request
			.doFinally((signal) -> span.end())
			.doOnNext(permit::completed)
			.flatMap((result) -> this.nextStep.afterSend(delivery, subscription, result,
					this.classifier.classify(result), origin));
	}

	/**
	 * A delivery was left unsent because its partition is being revoked or is gone: its
	 * record stays uncommitted for the next owner. Thrown without a stack trace.
	 */
	public static final class Released extends RuntimeException {

		private static final long serialVersionUID = 1L;

		static final Released INSTANCE = new Released();

		private Released() {
			super("partition released before the request was sent", null, false, false);
		}

	}

}
