package dev.hookline.worker.outcome;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.function.BooleanSupplier;

import dev.hookline.schemas.Attempt;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.Outcome;
import dev.hookline.sender.http.SendResult;
import dev.hookline.sender.outcome.Verdict;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Carries out what follows an attempt, as its {@link Verdict} says: records the attempt
 * with its next action and counts the outcome.
 *
 * <p>
 * Today a delivered webhook is {@code done} and every other verdict is {@code failed}.
 * This is where the retry tiers, {@code Retry-After}, {@code 410 Gone} and the
 * dead-letter topic come in: they publish the delivery onward before recording the
 * attempt that names where it went. The returned {@code Mono} completes once everything
 * is durable in Kafka; it fails only when the worker lost the delivery's partition before
 * that.
 */
public final class NextStep {

	private static final HexFormat HEX = HexFormat.of();

	private final AttemptLog attempts;

	private final DeliveryCounters counters;

	private final Clock clock;

	NextStep(AttemptLog attempts, DeliveryCounters counters, Clock clock) {
		this.attempts = attempts;
		this.counters = counters;
		this.clock = clock;
	}

	/** After an HTTP attempt. */
	public Mono<Void> afterSend(Delivery delivery, String url, SendResult result, Verdict verdict,
			BooleanSupplier owned) {
		Action action = (verdict instanceof Verdict.Delivered) ? Action.DONE : Action.FAILED;
		Outcome outcome = outcome(result.status(), (result.error() != null) ? result.error().code() : null,
				result.latencyMs());
		return record(delivery, url, outcome, result.snippet(), action, owned);
	}

	/** When there was nothing to send to: the delivery is dropped or failed. */
	public Mono<Void> notSent(Delivery delivery, String url, NotSent reason, BooleanSupplier owned) {
		return record(delivery, url, outcome(null, reason.code(), 0), null, reason.action(), owned);
	}

	private Mono<Void> record(Delivery delivery, String url, Outcome outcome, @Nullable String snippet, Action action,
			BooleanSupplier owned) {
		Attempt attempt = Attempt.newBuilder()
			.setDeliveryId(delivery.getDeliveryId())
			.setTenant(delivery.getTenant())
			.setEventId(delivery.getEventId())
			.setEventType(delivery.getEventType())
			.setSubscriptionId(delivery.getSubscriptionId())
			.setAttempt(delivery.getAttempt())
			.setUrl(url)
			.setOutcome(outcome)
			.setResponseSnippet(snippet)
			.setBodySha256(sha256Hex(delivery.getBody()))
			.setNextAction(action.code())
			.build();
		return this.attempts.write(attempt, owned).doOnSuccess((done) -> this.counters.count(action));
	}

	private Outcome outcome(@Nullable Integer status, @Nullable String error, long latencyMs) {
		return Outcome.newBuilder()
			.setAt(this.clock.instant())
			.setStatus(status)
			.setError(error)
			.setLatencyMs(latencyMs)
			.build();
	}

	static String sha256Hex(ByteBuffer body) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			sha.update(body.duplicate());
			return HEX.formatHex(sha.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform has SHA-256", ex);
		}
	}

}
