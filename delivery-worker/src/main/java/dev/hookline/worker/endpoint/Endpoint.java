package dev.hookline.worker.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import dev.hookline.worker.ratelimit.WaitingDeliveries;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription's endpoint as this worker sends to it: the requests in flight, the
 * deliveries waiting for a slot, the circuit breaker, and the slow start after the
 * circuit closes.
 *
 * <h2>Slots</h2> At most {@link #limit()} requests are in flight: max-concurrency
 * normally; one while the circuit is open or half-open; during the slow start, a limit
 * that starts at one and doubles each time that many requests in a row have succeeded,
 * until it reaches max-concurrency. A delivery that finds no free slot waits in a FIFO
 * queue, with no thread, counted in {@link WaitingDeliveries} meanwhile; a request that
 * ends hands its slot to the next one.
 *
 * <h2>Circuit</h2> Resilience4j's breaker counts the results ({@link Health}) over a
 * sliding time window and opens on their failure rate. A delivery asks the breaker's
 * permission the moment it is given a free slot, never before, so no permission outlives
 * a change of state. While the circuit is open every delivery is refused at once, waiting
 * or not, free slot or not: none waits for requests sent before the circuit opened. A
 * refusal tells how long the endpoint has been out (since its circuit opened, through any
 * failed probes), which is how long the delivery is put off. Once the open wait has
 * passed, the first delivery to find the slot free (the limit is one) takes it and probes
 * the endpoint, and the others wait for the probe's result; a success closes the circuit
 * and starts the slow start, a failure opens it for another wait. During the slow start
 * failures are judged like any others, by the breaker's failure rate: a single one does
 * not open the circuit, so a recovered endpoint that still fails now and then is not shut
 * out again by chance.
 *
 * <h2>Concurrency</h2> Safe for concurrent use. The callbacks of deliveries given their
 * turn are run outside this object's lock, by the thread that asked or the one whose
 * request ended.
 */
final class Endpoint {

	private static final Logger log = LoggerFactory.getLogger(Endpoint.class);

	private static final Throwable FAILED = new EndpointFailure();

	private final String subscriptionId;

	private final CircuitBreaker breaker;

	private final int maxConcurrency;

	private final int maxWaiting;

	private final WaitingDeliveries waiting;

	private final LongAdder refusals;

	private final Clock clock;

	private final Deque<Waiter> queue = new ArrayDeque<>();

	private final SlowStart slowStart;

	private int inFlight;

	/** The breaker's state when last looked at. */
	private State state = State.CLOSED;

	/** When the circuit last opened from closed: the start of the current outage. */
	private long openedAtMillis;

	private int partition;

	private long lastActiveMillis;

	private boolean retired;

	Endpoint(String subscriptionId, CircuitBreaker breaker, int maxConcurrency, int maxWaiting,
			WaitingDeliveries waiting, LongAdder refusals, Clock clock) {
		this.subscriptionId = subscriptionId;
		this.breaker = breaker;
		this.maxConcurrency = maxConcurrency;
		this.maxWaiting = maxWaiting;
		this.waiting = waiting;
		this.refusals = refusals;
		this.clock = clock;
		this.slowStart = new SlowStart(maxConcurrency);
		this.lastActiveMillis = clock.millis();
	}

	/**
	 * Asks for a turn to send one request; {@code onTurn} is called once with the permit,
	 * now or when a slot frees.
	 * @param partition the number of the partition the delivery was read from
	 * @return {@code false} when this endpoint has been retired from its registry:
	 * nothing was done, and the caller asks the registry again
	 */
	boolean request(int partition, Consumer<Permit> onTurn) {
		List<Runnable> turns;
		synchronized (this) {
			if (this.retired) {
				return false;
			}
			this.partition = partition;
			this.lastActiveMillis = this.clock.millis();
			Waiter waiter = new Waiter(onTurn);
			this.queue.add(waiter);
			turns = dispatch();
			if (!waiter.dispatched) {
				waiter.counted = true;
				this.waiting.started(this.subscriptionId, this.maxWaiting);
			}
		}
		run(turns);
		return true;
	}

	/** A request given a slot ended; its slot goes to the next waiting delivery. */
	void finished(Health health, Duration latency) {
		List<Runnable> turns;
		synchronized (this) {
			this.inFlight--;
			this.lastActiveMillis = this.clock.millis();
			record(health, latency);
			turns = dispatch();
		}
		run(turns);
	}

	/**
	 * Runs the turns given out, outside the lock. A turn can end at once and give its
	 * slot back (a delivery of a partition being revoked is given up before its request),
	 * which dispatches the next turn from inside this one: run in place, a queue of
	 * hundreds of waiting deliveries became as many nested calls and overflowed the stack
	 * of the event loop that finished the first request, which killed that event loop and
	 * stalled every request on it (a chaos run, 2026-12-06). So turns given out while
	 * this thread already runs turns are queued and run by the outermost call, one after
	 * another.
	 */
	private static void run(List<Runnable> turns) {
		Turns running = TURNS.get();
		running.queue.addAll(turns);
		if (running.active) {
			return;
		}
		running.active = true;
		try {
			for (Runnable turn = running.queue.poll(); turn != null; turn = running.queue.poll()) {
				try {
					turn.run();
				}
				catch (RuntimeException ex) {
					log.error("a delivery's turn at its endpoint failed; the turns after it still run", ex);
				}
			}
		}
		finally {
			running.active = false;
		}
	}

	private static final ThreadLocal<Turns> TURNS = ThreadLocal.withInitial(Turns::new);

	/** The turns a thread has yet to run, and whether it is running them. */
	private static final class Turns {

		final ArrayDeque<Runnable> queue = new ArrayDeque<>();

		boolean active;

	}

	private List<Runnable> dispatch() {
		List<Runnable> turns = new ArrayList<>();
		while (!this.queue.isEmpty()) {
			if (this.inFlight < limit()) {
				Waiter next = this.queue.poll();
				boolean permitted = this.breaker.tryAcquirePermission();
				observe();
				if (permitted) {
					this.inFlight++;
					turns.add(next.turn(Permit.granted(this, next.counted)));
				}
				else {
					turns.add(refuse(next));
				}
			}
			else if (this.breaker.getState() == State.OPEN) {
				turns.add(refuse(this.queue.poll()));
			}
			else {
				break;
			}
		}
		return turns;
	}

	private Runnable refuse(Waiter waiter) {
		this.refusals.increment();
		Duration out = Duration.ofMillis(Math.max(0, this.clock.millis() - this.openedAtMillis));
		return waiter.turn(Permit.refused(waiter.counted, out));
	}

	private int limit() {
		if (this.breaker.getState() != State.CLOSED) {
			return 1;
		}
		return this.slowStart.limit();
	}

	private void record(Health health, Duration latency) {
		boolean ramping = ramping();
		switch (health) {
			case IGNORED -> this.breaker.releasePermission();
			case SUCCESS -> {
				this.breaker.onSuccess(latency.toNanos(), TimeUnit.NANOSECONDS);
				observe();
				// the probe that closed the circuit does not count towards the slow start
				if (ramping && ramping() && this.slowStart.succeeded()) {
					log.info("subscription {}: back to {} requests at a time", this.subscriptionId,
							this.maxConcurrency);
				}
			}
			case FAILURE -> {
				this.breaker.onError(latency.toNanos(), TimeUnit.NANOSECONDS, FAILED);
				observe();
			}
		}
	}

	private boolean ramping() {
		return this.state == State.CLOSED && this.slowStart.active();
	}

	/** Follows the breaker's changes of state. */
	private void observe() {
		State now = this.breaker.getState();
		if (now == this.state) {
			return;
		}
		State before = this.state;
		this.state = now;
		this.slowStart.stop();
		if (now == State.OPEN && before == State.HALF_OPEN) {
			log.debug("subscription {}: the probe failed, circuit open again", this.subscriptionId);
		}
		else if (now == State.OPEN) {
			this.openedAtMillis = this.clock.millis();
			log.atWarn()
				.addKeyValue("subscriptionId", this.subscriptionId)
				.log("subscription {}: circuit open, its endpoint keeps failing; its deliveries go to the retry tiers "
						+ "without a request until a probe succeeds", this.subscriptionId);
		}
		else if (now == State.CLOSED && before == State.HALF_OPEN) {
			this.slowStart.start();
			log.info("subscription {}: circuit closed, its endpoint answered the probe; sending resumes at one "
					+ "request at a time, doubling up to {}", this.subscriptionId, this.maxConcurrency);
		}
	}

	/**
	 * Retires this endpoint if nothing is in flight or waiting and it has been idle long
	 * enough: {@code idle} when healthy, {@code unhealthyIdle} while its circuit is not
	 * closed or its slow start not over, so that a failing endpoint is not forgotten as
	 * soon as its deliveries pause.
	 * @return whether it was retired
	 */
	synchronized boolean retireIfIdle(long nowMillis, Duration idle, Duration unhealthyIdle) {
		if (this.inFlight > 0 || !this.queue.isEmpty()) {
			return false;
		}
		Duration limit = (this.state == State.CLOSED && !this.slowStart.active()) ? idle : unhealthyIdle;
		if (nowMillis - this.lastActiveMillis < limit.toMillis()) {
			return false;
		}
		this.retired = true;
		return true;
	}

	/**
	 * Retires this endpoint if its last delivery came from one of these partition
	 * numbers. What is in flight or waiting still finishes here, but new requests go to a
	 * new endpoint.
	 * @return whether it was retired
	 */
	synchronized boolean retireIfOn(Set<Integer> partitions) {
		if (partitions.contains(this.partition)) {
			this.retired = true;
		}
		return this.retired;
	}

	/** Whether the circuit is open or half-open. */
	boolean circuitOpen() {
		return this.breaker.getState() != State.CLOSED;
	}

	/** Requests in flight and the current limit, for tests. */
	synchronized int inFlight() {
		return this.inFlight;
	}

	synchronized int currentLimit() {
		return limit();
	}

	/**
	 * A delivery asking for its turn; guarded by the endpoint, except its callback, run
	 * outside the lock.
	 */
	private final class Waiter {

		private final Consumer<Permit> onTurn;

		boolean dispatched;

		/** Whether it had to wait, so is counted in {@link WaitingDeliveries}. */
		boolean counted;

		Waiter(Consumer<Permit> onTurn) {
			this.onTurn = onTurn;
		}

		Runnable turn(Permit permit) {
			this.dispatched = true;
			boolean waited = this.counted;
			return () -> {
				if (waited) {
					Endpoint.this.waiting.ended(Endpoint.this.subscriptionId);
				}
				this.onTurn.accept(permit);
			};
		}

	}

	/** What the breaker records for a failed request; no stack trace, never thrown. */
	private static final class EndpointFailure extends Exception {

		EndpointFailure() {
			super("endpoint failed", null, false, false);
		}

	}

}
