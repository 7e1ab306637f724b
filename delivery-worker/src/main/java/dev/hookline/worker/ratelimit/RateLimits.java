package dev.hookline.worker.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.hookline.schemas.Subscription;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

/**
 * Enforces each subscription's {@code rateLimit} (requests per second; none when null or
 * below 1) by telling how long a delivery must wait before it is sent.
 *
 * <p>
 * Deliveries are keyed by subscription id, so the worker owning a subscription's
 * partition sends all of its deliveries, and its token buckets are local state. A bucket
 * holds a tenth of a second's requests (at least one) and refills continuously, so
 * requests leave evenly spaced rather than in bursts. Each call reserves the next free
 * slot: the bucket goes into debt and the caller waits until its slot comes, so waiting
 * deliveries are sent in the order they asked, each at the earliest time the limit
 * allows. The caller must wait without holding a thread, and counts the delivery in
 * {@link WaitingDeliveries} meanwhile, which bounds how many of a subscription's
 * deliveries wait at once.
 *
 * <p>
 * A bucket is rebuilt, forgetting its reservations, when the subscription's limit
 * changes, and dropped when the limit is removed or once it has been idle for
 * {@link #IDLE} after its last reserved slot (a bucket idle that long is full, so a new
 * one behaves the same). Safe for concurrent use.
 */
public final class RateLimits {

	/**
	 * How long a bucket is kept after its last slot, and how often idle ones are swept.
	 */
	static final Duration IDLE = Duration.ofMinutes(1);

	private final Map<String, Limit> buckets = new ConcurrentHashMap<>();

	private final TimeMeter time;

	private volatile long nextSweepNanos;

	/** Rate limits on {@link System#nanoTime()}. */
	public RateLimits() {
		this(TimeMeter.SYSTEM_NANOTIME);
	}

	RateLimits(TimeMeter time) {
		this.time = time;
		this.nextSweepNanos = time.currentTimeNanos() + IDLE.toNanos();
	}

	/**
	 * Takes the subscription's next slot.
	 * @return how long to wait before sending: zero when the subscription has no limit or
	 * a request may go now
	 */
	public Duration reserve(Subscription subscription) {
		long now = this.time.currentTimeNanos();
		sweepIfDue(now);
		Integer perSecond = subscription.getRateLimit();
		if (perSecond == null || perSecond < 1) {
			this.buckets.remove(subscription.getId());
			return Duration.ZERO;
		}
		long[] wait = new long[1];
		this.buckets.compute(subscription.getId(), (id, known) -> {
			Limit limit = (known != null && known.perSecond == perSecond) ? known : new Limit(perSecond, this.time);
			wait[0] = limit.reserve(now);
			return limit;
		});
		return Duration.ofNanos(wait[0]);
	}

	/** Subscriptions with a bucket now. */
	int size() {
		return this.buckets.size();
	}

	private void sweepIfDue(long now) {
		long due = this.nextSweepNanos;
		if (now - due >= 0) {
			this.nextSweepNanos = now + IDLE.toNanos();
			this.buckets.values().removeIf((limit) -> limit.idle(now));
		}
	}

	/** One subscription's bucket and the time its last reserved slot comes. */
	private static final class Limit {

		final int perSecond;

		private final Bucket bucket;

		private volatile long lastSlotNanos;

		Limit(int perSecond, TimeMeter time) {
			this.perSecond = perSecond;
			long capacity = Math.max(1, (perSecond + 9) / 10);
			this.bucket = Bucket.builder()
				.addLimit((limit) -> limit.capacity(capacity).refillGreedy(perSecond, Duration.ofSeconds(1)))
				.withCustomTimePrecision(time)
				.build();
		}

		/** Called under the map's lock for this subscription. */
		long reserve(long now) {
			long wait = this.bucket.consumeIgnoringRateLimits(1);
			this.lastSlotNanos = now + wait;
			return wait;
		}

		boolean idle(long now) {
			return now - this.lastSlotNanos > IDLE.toNanos();
		}

	}

}
