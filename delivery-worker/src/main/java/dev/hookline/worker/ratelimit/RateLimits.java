package dev.hookline.worker.ratelimit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.hookline.schemas.Subscription;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

/**
 * Enforces each subscription's {@code rateLimit} (requests per second; none when null or
 * below 1) by giving each delivery its turn.
 *
 * <p>
 * Deliveries are keyed by subscription id, so the worker owning a subscription's
 * partition sends all of its deliveries, and its token buckets are local state. A bucket
 * holds a tenth of a second's requests (at least one) and refills continuously. A
 * delivery that finds a token, with no other waiting, goes at once; otherwise it joins
 * the subscription's queue, and one timer per subscription, set for the next token, lets
 * waiting deliveries go in the order they came, one token each, at the moment they go.
 *
 * <p>
 * A token is taken when a delivery goes, never reserved ahead: an earlier version gave
 * each waiting delivery a future slot and a timer of its own, and when the worker stalled
 * (a pause of its JVM, a starved CPU) every slot that had passed meanwhile fired at once,
 * well over the limit; in a chaos run 133 requests reached a 60/s subscription within a
 * second. Now a stall lets through at most the bucket's tenth of a second. A second
 * bucket, holding a twentieth of a second's requests (at least one), gates the moment
 * each request leaves ({@link #acquireToSend}), after its endpoint's concurrency cap, so
 * no second holds more than the limit plus a twentieth (60/s: 63). A twentieth rather
 * than a tenth leaves room below the 10 % the chaos run allows for the few milliseconds
 * between this gate and the attempt times it measures from.
 *
 * <p>
 * The same holds across a partition's hand-off, where the previous owner may have spent
 * its burst just before letting go: when the worker is assigned partitions
 * ({@link #ownersChanged}), every bucket it holds is emptied, and a bucket built within
 * the next second starts empty, so the new owner's first second holds only what refills
 * in it. A bucket built at any other time starts full: a subscription idle for a while
 * sends its first request at once.
 *
 * <p>
 * No thread waits: the timer runs on Reactor's parallel scheduler. The caller counts a
 * waiting delivery in {@link WaitingDeliveries} meanwhile, which bounds how many of a
 * subscription's deliveries wait at once. A bucket is rebuilt when the subscription's
 * limit changes (deliveries already waiting keep their old queue), and dropped when the
 * limit is removed or once it has had nothing waiting for {@link #IDLE} (a bucket idle
 * that long is full, so a new one behaves the same). Safe for concurrent use.
 */
public final class RateLimits {

	/**
	 * How long a bucket is kept with nothing waiting, and how often idle ones are swept.
	 */
	static final Duration IDLE = Duration.ofMinutes(1);

	/** How long after an assignment new buckets start empty: the span of a limit. */
	static final Duration HAND_OFF = Duration.ofSeconds(1);

	/** Each subscription's turns: which of its deliveries may go on to its endpoint. */
	private final Map<String, Limit> buckets = new ConcurrentHashMap<>();

	/** Each subscription's sends: the moment a request may leave, after its turn. */
	private final Map<String, Limit> sends = new ConcurrentHashMap<>();

	private final TimeMeter time;

	private final Alarm alarm;

	private volatile long nextSweepNanos;

	/** Until when a new bucket starts empty: a second after partitions were assigned. */
	private volatile long emptyUntilNanos;

	/** Rate limits on {@link System#nanoTime()}, with timers on Reactor's scheduler. */
	public RateLimits() {
		this(TimeMeter.SYSTEM_NANOTIME,
				(task, delayNanos) -> Schedulers.parallel().schedule(task, delayNanos, TimeUnit.NANOSECONDS));
	}

	RateLimits(TimeMeter time, Alarm alarm) {
		this.time = time;
		this.alarm = alarm;
		this.nextSweepNanos = time.currentTimeNanos() + IDLE.toNanos();
		this.emptyUntilNanos = time.currentTimeNanos();
	}

	/**
	 * Tells that this worker was just assigned partitions, whose subscriptions another
	 * worker may have been sending to a moment ago: empties every bucket, and has those
	 * built within the next second start empty.
	 */
	public void ownersChanged() {
		this.emptyUntilNanos = this.time.currentTimeNanos() + HAND_OFF.toNanos();
		this.buckets.values().forEach(Limit::empty);
		this.sends.values().forEach(Limit::empty);
	}

	/**
	 * The delivery's turn under its subscription's limit.
	 * @return null when it may go now (no limit, or a token was free and no other
	 * delivery waits); otherwise its turn, which completes when it may go
	 */
	public @Nullable Mono<Void> acquire(Subscription subscription) {
		return acquire(this.buckets, subscription, 10);
	}

	/**
	 * The moment a delivery's request may leave, once it had its turn and a free slot at
	 * its endpoint. Turns alone do not hold the limit where it counts: deliveries given
	 * their turns while the endpoint's slots were all taken (by requests hanging until
	 * their timeout) wait for slots, and go out together when the slots free up. This
	 * second bucket, half the size, spaces them again; while nothing holds up the slots,
	 * the turns already came spaced and it seldom makes one wait.
	 * @return null when the request may leave now; otherwise the moment it may
	 */
	public @Nullable Mono<Void> acquireToSend(Subscription subscription) {
		return acquire(this.sends, subscription, 20);
	}

	/**
	 * @param slices how many bucketfuls a second's requests make: the bucket holds
	 * {@code limit / slices}, at least one
	 */
	private @Nullable Mono<Void> acquire(Map<String, Limit> limits, Subscription subscription, int slices) {
		long now = this.time.currentTimeNanos();
		sweepIfDue(now);
		Integer perSecond = subscription.getRateLimit();
		if (perSecond == null || perSecond < 1) {
			limits.remove(subscription.getId());
			return null;
		}
		Limit limit = limits.compute(subscription.getId(),
				(id, known) -> (known != null && known.perSecond == perSecond) ? known
						: new Limit(perSecond, slices, now - this.emptyUntilNanos < 0));
		return limit.goesNow(now) ? null : Mono.create(limit::enqueue);
	}

	/** Subscriptions with a bucket of turns now. */
	int size() {
		return this.buckets.size();
	}

	private void sweepIfDue(long now) {
		long due = this.nextSweepNanos;
		if (now - due >= 0) {
			this.nextSweepNanos = now + IDLE.toNanos();
			this.buckets.values().removeIf((limit) -> limit.idle(now));
			this.sends.values().removeIf((limit) -> limit.idle(now));
		}
	}

	/** Runs a task after a delay, on no thread of the caller's. */
	@FunctionalInterface
	interface Alarm {

		void schedule(Runnable task, long delayNanos);

	}

	/** One subscription's bucket, the deliveries waiting for it, and its timer. */
	private final class Limit {

		final int perSecond;

		private final Bucket bucket;

		private final Deque<MonoSink<Void>> waiting = new ArrayDeque<>();

		private boolean armed;

		private long lastUsedNanos;

		Limit(int perSecond, int slices, boolean startEmpty) {
			this.perSecond = perSecond;
			long capacity = Math.max(1, (perSecond + slices - 1) / slices);
			this.bucket = Bucket.builder()
				.addLimit((limit) -> limit.capacity(capacity)
					.refillGreedy(perSecond, Duration.ofSeconds(1))
					.initialTokens(startEmpty ? 0 : capacity))
				.withCustomTimePrecision(RateLimits.this.time)
				.build();
		}

		/** Spends every token the bucket holds now; it refills as ever. */
		synchronized void empty() {
			this.bucket.tryConsumeAsMuchAsPossible();
		}

		/** Takes a token for a delivery that may go at once: none waits, one is free. */
		synchronized boolean goesNow(long now) {
			this.lastUsedNanos = now;
			return this.waiting.isEmpty() && this.bucket.tryConsume(1);
		}

		synchronized void enqueue(MonoSink<Void> turn) {
			this.waiting.add(turn);
			turn.onCancel(() -> withdraw(turn));
			arm();
		}

		private synchronized void withdraw(MonoSink<Void> turn) {
			this.waiting.remove(turn);
		}

		/** Lets waiting deliveries go, one token each, then waits for the next token. */
		private void fire() {
			List<MonoSink<Void>> going = new ArrayList<>();
			synchronized (this) {
				this.armed = false;
				this.lastUsedNanos = RateLimits.this.time.currentTimeNanos();
				while (!this.waiting.isEmpty() && this.bucket.tryConsume(1)) {
					going.add(this.waiting.poll());
				}
				arm();
			}
			going.forEach(MonoSink::success);
		}

		private void arm() {
			if (!this.armed && !this.waiting.isEmpty()) {
				this.armed = true;
				long nanos = this.bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
				RateLimits.this.alarm.schedule(this::fire, Math.max(0, nanos));
			}
		}

		synchronized boolean idle(long now) {
			return this.waiting.isEmpty() && now - this.lastUsedNanos > IDLE.toNanos();
		}

	}

}
