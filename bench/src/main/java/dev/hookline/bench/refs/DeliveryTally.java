package dev.hookline.bench.refs;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.hookline.bench.load.LatencyRecorder;
import org.HdrHistogram.Histogram;

/**
 * Which bodies of a run are settled (delivered or given up), with the duplicates and the
 * start-to-answer latency, recorded from any thread.
 */
final class DeliveryTally {

	private static final int OPEN = 0;

	private static final int DELIVERED = 1;

	private static final int GIVEN_UP = 2;

	private final AtomicIntegerArray states;

	private final AtomicLong settled = new AtomicLong();

	private final LongAdder failed = new LongAdder();

	private final LongAdder duplicates = new LongAdder();

	private final LatencyRecorder latency = new LatencyRecorder();

	private final long startNanos = System.nanoTime();

	private final AtomicLong lastSettledNanos = new AtomicLong(this.startNanos);

	/** Starts the clock: create it when the consumers start. */
	DeliveryTally(int bodies) {
		this.states = new AtomicIntegerArray(bodies);
	}

	/** A 2xx answer for the body; a second one for the same body is a duplicate. */
	void delivered(int index) {
		int before = this.states.getAndSet(index, DELIVERED);
		if (before == DELIVERED) {
			this.duplicates.increment();
			return;
		}
		long now = System.nanoTime();
		this.latency.recordNanos(now - this.startNanos);
		if (before == OPEN) {
			settle(now);
		}
		else {
			// delivered after it was given up (a redelivery raced the give-up): now
			// counted
			// as delivered
			this.failed.decrement();
		}
	}

	/** The body will not be tried again by this run. */
	void gaveUp(int index) {
		if (this.states.compareAndSet(index, OPEN, GIVEN_UP)) {
			this.failed.increment();
			settle(System.nanoTime());
		}
	}

	boolean isSettled(int index) {
		return this.states.get(index) != OPEN;
	}

	/** Whether every body is settled. */
	boolean done() {
		return this.settled.get() == this.states.length();
	}

	long settled() {
		return this.settled.get();
	}

	ConsumptionResult result() {
		long failed = this.failed.sum();
		double seconds = Math.max(1, this.lastSettledNanos.get() - this.startNanos) / 1e9;
		Histogram histogram = this.latency.cumulative();
		return new ConsumptionResult((int) (this.settled.get() - failed), failed, this.duplicates.sum(),
				this.settled.get() / seconds, histogram);
	}

	private void settle(long now) {
		this.lastSettledNanos.accumulateAndGet(now, Math::max);
		this.settled.incrementAndGet();
	}

}
