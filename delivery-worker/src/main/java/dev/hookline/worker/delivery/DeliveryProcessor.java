package dev.hookline.worker.delivery;

import java.util.Objects;
import java.util.function.BooleanSupplier;

import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.Subscription;
import dev.hookline.sender.http.WebhookClient;
import dev.hookline.sender.http.WebhookRequest;
import dev.hookline.sender.outcome.OutcomeClassifier;
import dev.hookline.worker.outcome.NextStep;
import dev.hookline.worker.outcome.NotSent;
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
 * {@code dropped}. The returned {@code Mono} completes once the attempt is durable, and
 * fails only if the worker lost the delivery's partition before that.
 */
public final class DeliveryProcessor {

	private static final Logger log = LoggerFactory.getLogger(DeliveryProcessor.class);

	private final SubscriptionLookup lookup;

	private final EndpointRequests requests;

	private final WebhookClient client;

	private final OutcomeClassifier classifier;

	private final NextStep nextStep;

	DeliveryProcessor(SubscriptionLookup lookup, EndpointRequests requests, WebhookClient client,
			OutcomeClassifier classifier, NextStep nextStep) {
		this.lookup = lookup;
		this.requests = requests;
		this.client = client;
		this.classifier = classifier;
		this.nextStep = nextStep;
	}

	/**
	 * @param delivery the delivery
	 * @param owned whether the worker still owns the delivery's partition
	 */
	public Mono<Void> process(Delivery delivery, BooleanSupplier owned) {
		return this.lookup.find(delivery).flatMap((state) -> act(delivery, state, owned));
	}

	private Mono<Void> act(Delivery delivery, SubscriptionState state, BooleanSupplier owned) {
		return switch (state.status()) {
			case ACTIVE -> send(delivery, Objects.requireNonNull(state.subscription()), owned);
			case DISABLED -> this.nextStep.notSent(delivery, Objects.requireNonNull(state.subscription()).getUrl(),
					NotSent.SUBSCRIPTION_DISABLED, owned);
			case DELETED -> this.nextStep.notSent(delivery, "", NotSent.SUBSCRIPTION_DELETED, owned);
			case UNAVAILABLE -> this.nextStep.notSent(delivery, "", NotSent.SUBSCRIPTION_UNAVAILABLE, owned);
		};
	}

	private Mono<Void> send(Delivery delivery, Subscription subscription, BooleanSupplier owned) {
		WebhookRequest request;
		try {
			request = this.requests.build(delivery, subscription);
		}
		catch (IllegalStateException ex) {
			// SecretCipher's messages name the subscription, never a secret
			log.error("cannot sign delivery {}: {}", delivery.getDeliveryId(), ex.getMessage());
			return this.nextStep.notSent(delivery, subscription.getUrl(), NotSent.SECRET_UNAVAILABLE, owned);
		}
		return this.client.send(request)
			.flatMap((result) -> this.nextStep.afterSend(delivery, subscription.getUrl(), result,
					this.classifier.classify(result), owned));
	}

}
