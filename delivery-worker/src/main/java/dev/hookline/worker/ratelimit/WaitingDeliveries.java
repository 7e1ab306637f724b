package dev.hookline.worker.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.hookline.schemas.Subscription;
import org.jspecify.annotations.Nullable;

/**
 * Counts, per subscription, the deliveries waiting for their {@link RateLimits
 * rate-limit} slot, and tells when a subscription has as many waiting as it may, so that
 * no more of its deliveries are taken from Kafka until half of them have left. (The
 * endpoints keep a second count of the same kind, for deliveries waiting for a free slot
 * under their endpoint's concurrency cap, each with a bound of its own.)
 *
 * <p>
 * A subscription limited to {@code r} requests per second may have
 * {@code min(maxWaiting, ceil(r × maxWait))} deliveries waiting, at least one: enough to
 * keep sending at its full rate while more are fetched, few enough that one subscription
 * with a large backlog never holds more than a small share of the worker's in-flight
 * deliveries. Whoever finds a subscription full ({@link #whenFull}) leaves a callback
 * that runs once, when the count falls to half of that bound.
 *
 * <p>
 * Every {@link #started} must be matched by one {@link #ended}, whatever happens to the
 * delivery, or the subscription stays full. Safe for concurrent use; callbacks run on the
 * thread that calls {@link #ended}, outside this object's lock.
 */
public final class WaitingDeliveries {

	private final int maxWaiting;

	private final Duration maxWait;

	private final Map<String, Waiting> bySubscription = new HashMap<>();

	private int total;

	/**
	 * @param maxWaiting deliveries of one subscription that may wait at once
	 * @param maxWait how far ahead, at a subscription's rate, deliveries may wait
	 */
	public WaitingDeliveries(int maxWaiting, Duration maxWait) {
		if (maxWaiting < 1 || maxWait.isNegative() || maxWait.isZero()) {
			throw new IllegalArgumentException("maxWaiting and maxWait must be positive");
		}
		this.maxWaiting = maxWaiting;
		this.maxWait = maxWait;
	}

	/** A delivery of this subscription starts waiting for its rate-limit slot. */
	public void started(Subscription subscription) {
		// the limit may have changed since the last delivery started waiting
		started(subscription.getId(), bound(subscription.getRateLimit()));
	}

	/**
	 * A delivery of this subscription starts waiting for its turn, the subscription being
	 * full with {@code bound} deliveries waiting (at least one); for waits that do not
	 * depend on the rate limit, such as a free slot under the endpoint's concurrency cap.
	 */
	public synchronized void started(String subscriptionId, int bound) {
		Waiting waiting = this.bySubscription.computeIfAbsent(subscriptionId, (id) -> new Waiting());
		waiting.bound = Math.max(1, bound);
		waiting.count++;
		this.total++;
	}

	/**
	 * A delivery of this subscription no longer waits: its slot came, or it was given up.
	 * Runs the callbacks left by {@link #whenFull} once half of the bound is left.
	 */
	public void ended(String subscriptionId) {
		List<Runnable> drained;
		synchronized (this) {
			Waiting waiting = this.bySubscription.get(subscriptionId);
			if (waiting == null) {
				return;
			}
			waiting.count--;
			this.total--;
			if (waiting.count == 0) {
				this.bySubscription.remove(subscriptionId);
			}
			if (waiting.count > waiting.bound / 2 || waiting.onDrained.isEmpty()) {
				return;
			}
			drained = List.copyOf(waiting.onDrained);
			waiting.onDrained.clear();
		}
		drained.forEach(Runnable::run);
	}

	/**
	 * Whether the subscription has as many deliveries waiting as it may; if so,
	 * {@code onDrained} runs once, when half of that many are left.
	 */
	public synchronized boolean whenFull(String subscriptionId, Runnable onDrained) {
		Waiting waiting = this.bySubscription.get(subscriptionId);
		if (waiting == null || waiting.count < waiting.bound) {
			return false;
		}
		waiting.onDrained.add(onDrained);
		return true;
	}

	/** Deliveries of every subscription waiting now. */
	public synchronized int waiting() {
		return this.total;
	}

	/** Deliveries of one subscription waiting now. */
	synchronized int waiting(String subscriptionId) {
		Waiting waiting = this.bySubscription.get(subscriptionId);
		return (waiting != null) ? waiting.count : 0;
	}

	private int bound(@Nullable Integer perSecond) {
		if (perSecond == null || perSecond < 1) {
			return this.maxWaiting;
		}
		double slots = Math.ceil(perSecond * (this.maxWait.toNanos() / 1e9));
		return (int) Math.max(1, Math.min(this.maxWaiting, slots));
	}

	/** One subscription's waiting deliveries; guarded by the enclosing object. */
	private static final class Waiting {

		int count;

		int bound;

		final List<Runnable> onDrained = new ArrayList<>();

	}

}
