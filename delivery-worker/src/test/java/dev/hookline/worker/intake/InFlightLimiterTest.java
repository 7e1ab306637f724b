package dev.hookline.worker.intake;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightLimiterTest {

	private final RecordingFlowControl flow = new RecordingFlowControl();

	@Test
	void intakePausesAtTheLimitAndResumesOnceAQuarterFinished() {
		InFlightLimiter limiter = new InFlightLimiter(8, this.flow);
		for (int i = 0; i < 7; i++) {
			limiter.acquire(0);
		}
		assertThat(this.flow.calls).isEmpty();

		limiter.acquire(0);
		assertThat(this.flow.calls).containsExactly("pause all");
		assertThat(limiter.inFlight()).isEqualTo(8);

		limiter.release(0);
		assertThat(this.flow.calls).containsExactly("pause all");
		limiter.release(0);
		assertThat(this.flow.calls).containsExactly("pause all", "resume all");
		assertThat(limiter.inFlight()).isEqualTo(6);
	}

	@Test
	void recordsFromTheSamePollBeyondTheLimitDoNotPauseTwice() {
		InFlightLimiter limiter = new InFlightLimiter(2, this.flow);
		limiter.acquire(0);
		limiter.acquire(0);
		limiter.acquire(0);

		assertThat(this.flow.calls).containsExactly("pause all");
		assertThat(limiter.inFlight()).isEqualTo(3);
	}

	@Test
	void aLimitOfOneResumesOnlyWhenNothingIsInFlight() {
		InFlightLimiter limiter = new InFlightLimiter(1, this.flow);
		limiter.acquire(0);
		limiter.release(0);

		assertThat(this.flow.calls).containsExactly("pause all", "resume all");
	}

	@Test
	void intakePausesAtTheByteBoundWellUnderTheCountAndResumesOnlyUnderBoth() {
		InFlightLimiter limiter = new InFlightLimiter(1000, 64 * 1024, this.flow);
		limiter.acquire(16 * 1024);
		limiter.acquire(16 * 1024);
		limiter.acquire(16 * 1024);
		assertThat(this.flow.calls).isEmpty();

		limiter.acquire(16 * 1024);
		assertThat(this.flow.calls).containsExactly("pause all");
		assertThat(limiter.inFlight()).isEqualTo(4);
		assertThat(limiter.bytes()).isEqualTo(64 * 1024);

		// 48 KiB is three quarters: resumed
		limiter.release(16 * 1024);
		assertThat(this.flow.calls).containsExactly("pause all", "resume all");
		assertThat(limiter.bytes()).isEqualTo(48 * 1024);
	}

	@Test
	void theByteBoundDoesNotResumeWhileTheCountIsStillOver() {
		InFlightLimiter limiter = new InFlightLimiter(4, 1000, this.flow);
		for (int i = 0; i < 4; i++) {
			limiter.acquire(100);
		}
		assertThat(this.flow.calls).containsExactly("pause all");

		// bytes (300) are under three quarters of 1000, the count (3) is at three
		// quarters of 4
		limiter.release(100);
		assertThat(this.flow.calls).containsExactly("pause all", "resume all");

		InFlightLimiter bytesHigh = new InFlightLimiter(4, 1000, this.flow);
		bytesHigh.acquire(900);
		bytesHigh.acquire(100);
		bytesHigh.acquire(10);
		bytesHigh.acquire(10);
		assertThat(this.flow.calls).containsExactly("pause all", "resume all", "pause all");
		// the count is under, the bytes (910) are not
		bytesHigh.release(100);
		bytesHigh.release(10);
		assertThat(this.flow.calls).containsExactly("pause all", "resume all", "pause all");
		bytesHigh.release(900);
		assertThat(this.flow.calls).containsExactly("pause all", "resume all", "pause all", "resume all");
	}

	@Test
	void loweredTheBoundHalvesWhatIsInFlightDownToTheFloorAndPausesIntakeThere() {
		InFlightLimiter limiter = new InFlightLimiter(10_000, this.flow);
		for (int i = 0; i < 3000; i++) {
			limiter.acquire(0);
		}
		limiter.lower();
		assertThat(limiter.limit()).isEqualTo(1500);
		assertThat(this.flow.calls).containsExactly("pause all");

		limiter.lower();
		limiter.lower();
		assertThat(limiter.limit()).isEqualTo(InFlightLimiter.FLOOR);

		// resumes at three quarters of the bound in force, not of the maximum
		for (int i = 0; i < 3000 - 376; i++) {
			limiter.release(0);
		}
		assertThat(this.flow.calls).containsExactly("pause all");
		limiter.release(0);
		assertThat(this.flow.calls).containsExactly("pause all", "resume all");
	}

	@Test
	void raisedTheBoundGrowsByAnEighthUpToTheMaximumAndResumesIntake() {
		InFlightLimiter limiter = new InFlightLimiter(1000, this.flow);
		for (int i = 0; i < 700; i++) {
			limiter.acquire(0);
		}
		limiter.lower();
		assertThat(limiter.limit()).isEqualTo(500);
		assertThat(this.flow.calls).containsExactly("pause all");

		limiter.raise();
		assertThat(limiter.limit()).isEqualTo(562);
		assertThat(this.flow.calls).containsExactly("pause all");
		for (int i = 0; i < 10; i++) {
			limiter.raise();
		}
		assertThat(limiter.limit()).isEqualTo(1000);
		assertThat(this.flow.calls).containsExactly("pause all", "resume all");
	}

	@Test
	void aMaximumUnderTheFloorIsNeverLowered() {
		InFlightLimiter limiter = new InFlightLimiter(8, this.flow);
		limiter.lower();
		assertThat(limiter.limit()).isEqualTo(8);
	}

}
