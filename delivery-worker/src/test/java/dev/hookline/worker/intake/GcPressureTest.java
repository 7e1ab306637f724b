package dev.hookline.worker.intake;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GcPressureTest {

	private static final long SECOND = 1_000_000_000L;

	private final AtomicLong pauses = new AtomicLong(5_000);

	private final AtomicLong now = new AtomicLong(42 * SECOND);

	private final InFlightLimiter limiter = new InFlightLimiter(10_000, new RecordingFlowControl());

	private final GcPressure pressure = new GcPressure(this.limiter, 0.15, this.pauses::get, this.now::get);

	@Test
	void aSecondWithAThirdOfItInPausesLowersTheBoundAndQuietSecondsRaiseItBack() {
		for (int i = 0; i < 4000; i++) {
			this.limiter.acquire(0);
		}
		second(330);
		assertThat(this.limiter.limit()).isEqualTo(2000);

		second(10);
		assertThat(this.limiter.limit()).isEqualTo(2250);
		second(0);
		assertThat(this.limiter.limit()).isEqualTo(2531);
	}

	@Test
	void theShareAtTheLimitIsNoPressure() {
		second(150);
		assertThat(this.limiter.limit()).isEqualTo(10_000);
		second(151);
		assertThat(this.limiter.limit()).isEqualTo(InFlightLimiter.FLOOR);
	}

	@Test
	void theShareIsOfTheTimeThatPassedSinceTheLastRun() {
		for (int i = 0; i < 4000; i++) {
			this.limiter.acquire(0);
		}
		// 400 ms of pauses in 4 s: 10 %
		this.pauses.addAndGet(400);
		this.now.addAndGet(4 * SECOND);
		this.pressure.run();
		assertThat(this.limiter.limit()).isEqualTo(10_000);
	}

	@Test
	void pausesAreCountedButNotTheCyclesThatRunBesideTheApplication() {
		assertThat(GcPressure.countsPauses("G1 Young Generation")).isTrue();
		assertThat(GcPressure.countsPauses("G1 Old Generation")).isTrue();
		assertThat(GcPressure.countsPauses("PS MarkSweep")).isTrue();
		assertThat(GcPressure.countsPauses("ZGC Pauses")).isTrue();
		assertThat(GcPressure.countsPauses("G1 Concurrent GC")).isFalse();
		assertThat(GcPressure.countsPauses("ZGC Cycles")).isFalse();
		assertThat(GcPressure.countsPauses("Shenandoah Cycles")).isFalse();
	}

	private void second(long pauseMillis) {
		this.pauses.addAndGet(pauseMillis);
		this.now.addAndGet(SECOND);
		this.pressure.run();
	}

}
