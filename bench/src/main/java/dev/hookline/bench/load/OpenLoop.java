package dev.hookline.bench.load;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * An open-loop load generator: one scheduler thread issues send {@code i} at
 * {@code start + i / rate}, whether or not earlier sends have completed.
 *
 * <p>
 * Latency is measured from the INTENDED time of a send to its completion, so a send that
 * waited to be issued (the outstanding cap was reached, or the scheduler fell behind)
 * counts that wait: the measurement does not suffer from coordinated omission. The
 * schedule never slows down: late sends go out as soon as capacity returns, with their
 * original intended time, and the furthest behind schedule is reported. Only completed
 * sends enter the histogram; failures are counted.
 *
 * <p>
 * An instance runs once. Its counters and {@link #latency()} may be read from other
 * threads while it runs.
 */
public final class OpenLoop {

	/**
	 * How often a scheduler waiting for capacity looks again if no completion wakes it.
	 */
	private static final long CAPACITY_POLL_NANOS = 1_000_000L;

	private final LoadPlan plan;

	private final Sender sender;

	private final TimeSource time;

	private final LatencyRecorder latency = new LatencyRecorder();

	private final AtomicBoolean started = new AtomicBoolean();

	private final AtomicInteger outstanding = new AtomicInteger();

	private final AtomicLong sent = new AtomicLong();

	private final LongAdder completed = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private volatile long maxLagNanos;

	private volatile long capWaits;

	private volatile @Nullable Thread scheduler;

	public OpenLoop(LoadPlan plan, Sender sender, TimeSource time) {
		this.plan = plan;
		this.sender = sender;
		this.time = time;
	}

	public OpenLoop(LoadPlan plan, Sender sender) {
		this(plan, sender, TimeSource.system());
	}

	/**
	 * Runs the schedule on the calling thread, then waits up to the plan's drain timeout
	 * for unfinished sends.
	 * @return what was measured
	 * @throws InterruptedException when the thread is interrupted; sends already issued
	 * are left running
	 * @throws IllegalStateException when this generator already ran
	 */
	public LoadResult run() throws InterruptedException {
		if (!this.started.compareAndSet(false, true)) {
			throw new IllegalStateException("an OpenLoop runs once");
		}
		this.scheduler = Thread.currentThread();
		long startNanos = this.time.nanoTime();
		long startEpochMicros = this.time.epochMicros();
		for (long seq = 0; seq < this.plan.count(); seq++) {
			long offset = this.plan.offsetNanos(seq);
			long intended = startNanos + offset;
			awaitDue(intended);
			awaitCapacity();
			this.maxLagNanos = Math.max(this.maxLagNanos, this.time.nanoTime() - intended);
			issue(seq, intended, startEpochMicros + offset / 1_000L);
		}
		drain();
		return result();
	}

	/**
	 * Runs the schedule on a new thread named {@code open-loop}.
	 * @return completes with the result, or exceptionally when the run fails or is
	 * interrupted
	 */
	public CompletableFuture<LoadResult> start() {
		CompletableFuture<LoadResult> result = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				result.complete(run());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				result.completeExceptionally(ex);
			}
			catch (RuntimeException | Error ex) {
				result.completeExceptionally(ex);
			}
		}, "open-loop");
		thread.start();
		return result;
	}

	/** The live latency histogram (from intended time), for interval readings. */
	public LatencyRecorder latency() {
		return this.latency;
	}

	/** Sends issued so far. */
	public long sent() {
		return this.sent.get();
	}

	/** Sends completed normally so far. */
	public long completed() {
		return this.completed.sum();
	}

	/** Sends failed so far. */
	public long failed() {
		return this.failed.sum();
	}

	/** The furthest behind schedule a send was issued so far. */
	public Duration maxLag() {
		return Duration.ofNanos(this.maxLagNanos);
	}

	private void awaitDue(long intended) throws InterruptedException {
		while (this.time.nanoTime() < intended) {
			this.time.parkUntil(intended);
		}
	}

	private void awaitCapacity() throws InterruptedException {
		if (this.outstanding.get() < this.plan.maxOutstanding()) {
			return;
		}
		this.capWaits++;
		while (this.outstanding.get() >= this.plan.maxOutstanding()) {
			this.time.parkUntil(this.time.nanoTime() + CAPACITY_POLL_NANOS);
		}
	}

	private void issue(long seq, long intendedNanos, long intendedEpochMicros) {
		this.outstanding.incrementAndGet();
		this.sent.incrementAndGet();
		CompletionStage<?> stage;
		try {
			stage = this.sender.send(seq, intendedEpochMicros);
		}
		catch (RuntimeException ex) {
			finished(false, intendedNanos);
			return;
		}
		stage.whenComplete((ignored, failure) -> finished(failure == null, intendedNanos));
	}

	private void finished(boolean ok, long intendedNanos) {
		if (ok) {
			this.latency.recordNanos(this.time.nanoTime() - intendedNanos);
			this.completed.increment();
		}
		else {
			this.failed.increment();
		}
		// counted before the decrement, so that a drained generator reports final counts
		if (this.outstanding.getAndDecrement() == this.plan.maxOutstanding()) {
			Thread waiting = this.scheduler;
			if (waiting != null) {
				LockSupport.unpark(waiting);
			}
		}
	}

	private void drain() throws InterruptedException {
		long deadline = this.time.nanoTime() + this.plan.drainTimeout().toNanos();
		long now = this.time.nanoTime();
		while (this.outstanding.get() > 0 && now < deadline) {
			this.time.parkUntil(Math.min(now + CAPACITY_POLL_NANOS, deadline));
			now = this.time.nanoTime();
		}
	}

	private LoadResult result() {
		return new LoadResult(this.sent.get(), this.completed.sum(), this.failed.sum(), maxLag(), this.capWaits,
				this.latency.cumulative());
	}

}
