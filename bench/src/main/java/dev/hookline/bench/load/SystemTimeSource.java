package dev.hookline.bench.load;

import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * The real clocks. Parking uses {@link LockSupport} so that a completing send can wake
 * the scheduler early with {@link LockSupport#unpark(Thread)}.
 */
enum SystemTimeSource implements TimeSource {

	INSTANCE;

	@Override
	public long nanoTime() {
		return System.nanoTime();
	}

	@Override
	public long epochMicros() {
		Instant now = Instant.now();
		return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000L);
	}

	@Override
	public void parkUntil(long deadlineNanos) throws InterruptedException {
		long wait = deadlineNanos - System.nanoTime();
		if (wait > 0) {
			LockSupport.parkNanos(this, wait);
		}
		if (Thread.interrupted()) {
			throw new InterruptedException();
		}
	}

}
