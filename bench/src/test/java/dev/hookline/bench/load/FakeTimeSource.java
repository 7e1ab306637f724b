package dev.hookline.bench.load;

import java.util.ArrayList;
import java.util.List;

/**
 * A clock that only moves when someone waits on it: parking jumps straight to the
 * deadline, then runs the listeners (which may complete sends), all on the caller's
 * thread. A schedule of any length runs instantly and identically every time.
 */
final class FakeTimeSource implements TimeSource {

	static final long START_EPOCH_MICROS = 1_700_000_000_000_000L;

	private final List<Runnable> listeners = new ArrayList<>();

	private long nanos;

	@Override
	public long nanoTime() {
		return this.nanos;
	}

	@Override
	public long epochMicros() {
		return START_EPOCH_MICROS + this.nanos / 1_000L;
	}

	@Override
	public void parkUntil(long deadlineNanos) {
		if (deadlineNanos > this.nanos) {
			this.nanos = deadlineNanos;
			this.listeners.forEach(Runnable::run);
		}
	}

	/** Runs the listener each time the clock moves. */
	void whenAdvanced(Runnable listener) {
		this.listeners.add(listener);
	}

}
