package dev.hookline.worker.retry;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

import dev.hookline.schemas.RetryTier;
import org.jspecify.annotations.Nullable;

/**
 * Where a delivery goes after a failed attempt, and when it is due there.
 *
 * <p>
 * The schedule follows the delivery's attempt number, which only a real request moves on:
 * after attempt {@code n} failed the delivery waits in tier {@code n} (attempt 1 in the
 * first), and after a failure of attempt {@code tiers + 1} the schedule is exhausted and
 * the delivery belongs in the dead-letter topic. A {@code Retry-After} lengthens that one
 * wait to the first tier whose delay is at least that long (the last tier when none is),
 * and never shortens it; it costs no attempt. A delivery held back without a request (an
 * open circuit, for instance) is {@link #deferral deferred} to a tier with its attempt
 * number unchanged, so the tier a record waits in says nothing about its attempt.
 *
 * <p>
 * The due time is the delay lengthened by a random fraction below {@code jitter}, rounded
 * up to the millisecond the record stores: jitter only ever makes an attempt later.
 * Because every record of a tier waits about the same delay, each tier partition stays
 * ordered by due time to within that jitter, which is what lets a consumer wait for the
 * head record of a partition alone.
 */
public final class RetrySchedule {

	private final List<Tier> tiers;

	private final double jitter;

	private final DoubleSupplier random;

	/**
	 * @param tiers the tiers in schedule order
	 * @param delays the delay of each tier, in the same order
	 * @param jitter the largest fraction of a delay added to it, from 0 to 1
	 * @param random uniform numbers in [0, 1)
	 */
	public RetrySchedule(List<RetryTier> tiers, List<Duration> delays, double jitter, DoubleSupplier random) {
		if (tiers.isEmpty() || tiers.size() != delays.size()) {
			throw new IllegalArgumentException(
					"one delay per retry tier: " + tiers.size() + " tiers, " + delays.size() + " delays");
		}
		if (jitter < 0 || jitter > 1) {
			throw new IllegalArgumentException("jitter must be between 0 and 1: " + jitter);
		}
		List<Tier> scheduled = new ArrayList<>(tiers.size());
		for (int i = 0; i < tiers.size(); i++) {
			scheduled.add(new Tier(tiers.get(i), delays.get(i), i));
		}
		this.tiers = List.copyOf(scheduled);
		this.jitter = jitter;
		this.random = random;
	}

	/** The tiers in schedule order. */
	public List<Tier> tiers() {
		return this.tiers;
	}

	/**
	 * The tier a delivery waits in after a failed attempt.
	 * @param failedAttempt the number of the attempt that failed, from 1
	 * @param retryAfter how long the endpoint asked to wait, if it did
	 * @return the tier, or {@code null} when the schedule is exhausted
	 */
	public @Nullable Tier next(int failedAttempt, @Nullable Duration retryAfter) {
		int next = Math.max(0, failedAttempt - 1);
		if (next >= this.tiers.size()) {
			return null;
		}
		if (retryAfter != null) {
			next = Math.max(next, firstAtLeast(retryAfter));
		}
		return this.tiers.get(next);
	}

	/**
	 * The tier a delivery held back without a request waits in: the first whose delay is
	 * at least {@code atLeast}, or the last when none is.
	 */
	public Tier deferral(Duration atLeast) {
		return this.tiers.get(firstAtLeast(atLeast));
	}

	/**
	 * When a delivery entering {@code tier} at {@code now} is due: never before
	 * {@code now} plus the tier's delay.
	 */
	public Instant dueAt(Tier tier, Instant now) {
		long delayNanos = tier.delay().toNanos();
		long jitterNanos = (long) (delayNanos * this.jitter * this.random.getAsDouble());
		Instant due = now.plusNanos(delayNanos).plusNanos(jitterNanos);
		Instant millis = due.truncatedTo(ChronoUnit.MILLIS);
		return millis.equals(due) ? due : millis.plusMillis(1);
	}

	private int firstAtLeast(Duration wait) {
		for (Tier tier : this.tiers) {
			if (tier.delay().compareTo(wait) >= 0) {
				return tier.index();
			}
		}
		return this.tiers.size() - 1;
	}

	/**
	 * One tier as configured.
	 *
	 * @param tier the tier and its topic
	 * @param delay how long its records wait
	 * @param index its position in the schedule, from 0
	 */
	public record Tier(RetryTier tier, Duration delay, int index) {

		/** The name of the tier's topic, which attempts name as their next action. */
		public String topic() {
			return this.tier.topic().name();
		}

	}

}
