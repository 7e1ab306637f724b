package dev.hookline.worker.outcome;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

import dev.hookline.schemas.Attempt;
import dev.hookline.schemas.BodyHashes;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.Outcome;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.Topic;
import dev.hookline.schemas.Topics;
import dev.hookline.sender.http.SendResult;
import dev.hookline.sender.outcome.Verdict;
import dev.hookline.worker.LogKeys;
import dev.hookline.worker.retry.RetrySchedule;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Carries out what follows an attempt, as its {@link Verdict} says, and records the
 * attempt with its next action.
 *
 * <ul>
 * <li>Delivered: {@code done}.</li>
 * <li>Not delivered: the delivery is handed to the retry tier the {@link RetrySchedule}
 * picks for its attempt number (the attempt names the tier's topic and, in
 * {@code nextAttemptAt}, when the delivery is due there), or, once the schedule is
 * exhausted, to the dead-letter topic ({@code dlq}), announced by a
 * {@code hookline.delivery.exhausted} event.</li>
 * <li>Not sent for a reason of ours or a protection of the endpoint's (its circuit is
 * open, its subscription or secret could not be read): the delivery is deferred to a
 * retry tier with its attempt number unchanged, since only a real request spends an
 * attempt; the record says why, with no status.</li>
 * <li>410 Gone, or an endpoint failing for longer than
 * {@code hookline.worker.auto-disable-after}: the subscription is disabled and the
 * delivery goes to the dead-letter topic with reason {@code subscription_disabled}, as
 * its other pending deliveries do on their turn, so that all of them can be replayed once
 * the endpoint is fixed and the subscription enabled again. The
 * {@code hookline.subscription.disabled} event announces it, once; no
 * {@code hookline.delivery.exhausted} is written for these.</li>
 * <li>A subscription deleted or deactivated by an admin: {@code dropped}, nothing
 * sent.</li>
 * </ul>
 * The returned {@code Mono} completes once the attempt and what followed it (the handed
 * on delivery, the disabled subscription, the operational event) are all durable in
 * Kafka, so the delivery's offset may be committed; it fails only when the worker lost
 * the delivery's partition before that. Outcomes are counted in
 * {@code hookline.worker.deliveries}.
 */
public final class NextStep {

	private static final Logger log = LoggerFactory.getLogger(NextStep.class);

	private final TopicWriter writer;

	private final Topics topics;

	private final RetrySchedule schedule;

	private final FailingEndpoints failing;

	private final SubscriptionDisabler disabler;

	private final DeliveryMetrics metrics;

	private final OperationalEventWriter events;

	private final Duration autoDisableAfter;

	private final Clock clock;

	NextStep(TopicWriter writer, Topics topics, RetrySchedule schedule, FailingEndpoints failing,
			SubscriptionDisabler disabler, DeliveryMetrics metrics, OperationalEventWriter events,
			Duration autoDisableAfter, Clock clock) {
		this.writer = writer;
		this.topics = topics;
		this.schedule = schedule;
		this.failing = failing;
		this.disabler = disabler;
		this.metrics = metrics;
		this.events = events;
		this.autoDisableAfter = autoDisableAfter;
		this.clock = clock;
	}

	/** After an HTTP attempt to the subscription as it was when sent. */
	public Mono<Void> afterSend(Delivery delivery, Subscription subscription, SendResult result, Verdict verdict,
			Origin origin) {
		Outcome outcome = outcome(result.status(), (result.error() != null) ? result.error().code() : null,
				result.latencyMs());
		Attempted attempted = new Attempted(delivery, subscription.getUrl(), outcome, result.snippet(), origin);
		this.metrics.attempted(delivery, result);
		if (verdict instanceof Verdict.Delivered) {
			return Mono
				.when(this.failing.cleared(delivery.getSubscriptionId(), origin.partition(), origin::owned),
						record(attempted, Action.DONE))
				.doOnSuccess((done) -> this.metrics.delivered(delivery.getCreatedAt(), this.clock.instant()));
		}
		if (verdict instanceof Verdict.Gone) {
			return disableOrRetry(attempted, "endpoint answered 410 Gone", null);
		}
		Duration retryAfter = ((Verdict.Retry) verdict).retryAfter();
		FailingEndpoints.Failure failure = this.failing.failed(delivery.getSubscriptionId(), origin.partition(),
				outcome.getAt(), origin::owned);
		Instant since = failure.tooLongSince();
		return Mono.when(failure.written(), (since == null) ? retry(attempted, retryAfter) : disableOrRetry(attempted,
				"every request failed since " + since + ", longer than " + this.autoDisableAfter, retryAfter));
	}

	/**
	 * When nothing was sent: the delivery is dropped, deferred to the first retry tier,
	 * or dead-lettered, as the reason says.
	 */
	public Mono<Void> notSent(Delivery delivery, String url, NotSent reason, Origin origin) {
		Attempted attempted = new Attempted(delivery, url, outcome(null, reason.code(), 0), null, origin);
		return switch (reason.fate()) {
			case DEFERRED -> deferred(delivery, url, reason, Duration.ZERO, origin);
			case DROPPED -> record(attempted, Action.DROPPED);
			case DEAD_LETTERED -> handOff(attempted, this.topics.deadLetters(),
					Handoffs.notSentToDeadLetters(delivery, attempted.outcome(), Handoffs.SUBSCRIPTION_DISABLED),
					Action.DEAD_LETTERED);
		};
	}

	/**
	 * Defers a delivery that was not sent, without spending its attempt, to the first
	 * retry tier that waits at least {@code atLeast}.
	 * @param reason why it was not sent; one whose fate is to be deferred
	 */
	public Mono<Void> deferred(Delivery delivery, String url, NotSent reason, Duration atLeast, Origin origin) {
		Attempted attempted = new Attempted(delivery, url, outcome(null, reason.code(), 0), null, origin);
		RetrySchedule.Tier tier = this.schedule.deferral(atLeast);
		return handOff(attempted, tier.tier().topic(),
				Handoffs.deferred(delivery, this.schedule.dueAt(tier, attempted.outcome().getAt())), Action.DEFERRED);
	}

	/**
	 * An outcome transaction aborted: the failing periods this worker remembers writing
	 * may not have been written, so they are read again from the topic.
	 */
	public void outcomesAborted() {
		this.failing.forgetAll();
	}

	/**
	 * The worker no longer owns these partitions: what it knew about their endpoints may
	 * be outdated by the time it owns them again.
	 */
	public void partitionsReleased(Collection<TopicPartition> partitions) {
		this.failing.forget(partitions);
	}

	/**
	 * Disables the subscription, if it still sends where this attempt went, and
	 * dead-letters the delivery; otherwise (it was changed, disabled or deleted
	 * meanwhile) the delivery follows the schedule, which sends it to the new URL or ends
	 * it as the subscription now says.
	 */
	private Mono<Void> disableOrRetry(Attempted attempted, String reason, @Nullable Duration retryAfter) {
		String subscriptionId = attempted.delivery().getSubscriptionId();
		if (!this.disabler.candidate(subscriptionId, attempted.url())) {
			return retry(attempted, retryAfter);
		}
		return this.failing.cleared(subscriptionId, attempted.origin().partition(), attempted.origin()::owned)
			.then(this.disabler.disable(subscriptionId, attempted.url(), reason, attempted.origin()::owned))
			.flatMap((disabled) -> disabled
					? handOff(attempted, this.topics.deadLetters(),
							Handoffs.toDeadLetters(attempted.delivery(), attempted.outcome(),
									Handoffs.SUBSCRIPTION_DISABLED),
							Action.DEAD_LETTERED)
					: retry(attempted, retryAfter));
	}

	private Mono<Void> retry(Attempted attempted, @Nullable Duration retryAfter) {
		Delivery delivery = attempted.delivery();
		Outcome outcome = attempted.outcome();
		RetrySchedule.Tier tier = this.schedule.next(delivery.getAttempt(), retryAfter);
		if (tier == null) {
			return handOff(attempted, this.topics.deadLetters(),
					Handoffs.toDeadLetters(delivery, outcome, Handoffs.EXHAUSTED), Action.DEAD_LETTERED);
		}
		return handOff(attempted, tier.tier().topic(),
				Handoffs.toTier(delivery, outcome, this.schedule.dueAt(tier, outcome.getAt())), Action.RETRIED);
	}

	/**
	 * Writes the delivery onward, the attempt that says where it went and, for a delivery
	 * that exhausted the schedule, the operational event, together.
	 */
	private Mono<Void> handOff(Attempted attempted, Topic<String, Delivery> topic, Delivery onward, Action action) {
		boolean waits = action.waitsInATier();
		// the router's trace context goes along, so the next attempt continues the trace
		Mono<?> handedOff = this.writer.write(topic, onward.getSubscriptionId(), onward,
				"delivery " + onward.getDeliveryId(), attempted.origin()::owned, attempted.origin().traceparent());
		Mono<?> attempt = writeAttempt(attempted, waits ? topic.name() : action.code(),
				waits ? onward.getDueAt() : null);
		Mono<?> announced = Handoffs.EXHAUSTED.equals(onward.getDeadLetterReason())
				? this.events.exhausted(attempted.delivery(), onward, attempted.origin()::owned) : Mono.empty();
		return Mono.when(handedOff, attempt, announced).doOnSuccess((done) -> {
			this.metrics.count(action);
			if (action == Action.DEAD_LETTERED) {
				LogKeys.delivery(log.atInfo(), attempted.delivery())
					.log("delivery {} dead-lettered ({}) after attempt {}", onward.getDeliveryId(),
							onward.getDeadLetterReason(), attempted.delivery().getAttempt());
			}
		});
	}

	private Mono<Void> record(Attempted attempted, Action action) {
		return writeAttempt(attempted, action.code(), null).doOnSuccess((done) -> this.metrics.count(action));
	}

	private Mono<Void> writeAttempt(Attempted attempted, String nextAction, @Nullable Instant nextAttemptAt) {
		Delivery delivery = attempted.delivery();
		Attempt attempt = Attempt.newBuilder()
			.setDeliveryId(delivery.getDeliveryId())
			.setTenant(delivery.getTenant())
			.setEventId(delivery.getEventId())
			.setEventType(delivery.getEventType())
			.setSubscriptionId(delivery.getSubscriptionId())
			.setAttempt(delivery.getAttempt())
			.setUrl(attempted.url())
			.setOutcome(attempted.outcome())
			.setResponseSnippet(attempted.snippet())
			.setBodySha256(BodyHashes.sha256Hex(delivery.getBody()))
			.setNextAction(nextAction)
			.setNextAttemptAt(nextAttemptAt)
			.build();
		return this.writer
			.write(this.topics.attempts(), attempt.getSubscriptionId(), attempt,
					"attempt " + attempt.getAttempt() + " of delivery " + attempt.getDeliveryId(),
					attempted.origin()::owned)
			.then();
	}

	private Outcome outcome(@Nullable Integer status, @Nullable String error, long latencyMs) {
		return Outcome.newBuilder()
			.setAt(this.clock.instant())
			.setStatus(status)
			.setError(error)
			.setLatencyMs(latencyMs)
			.build();
	}

	/** One attempt made, or not made, and where its delivery came from. */
	private record Attempted(Delivery delivery, String url, Outcome outcome, @Nullable String snippet, Origin origin) {
	}

}
