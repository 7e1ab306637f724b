package dev.hookline.worker.intake;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightLimiterTest {

	private final RecordingFlowControl flow = new RecordingFlowControl();

	@Test
	void intakePausesAtTheLimitAndResumesOnceAQuarterFinished() {
		InFlightLimiter limiter = new InFlightLimiter(8, this.flow);
		for (int i = 0; i < 7; i++) {
			limiter.acquire();
		}
		assertThat(this.flow.calls).isEmpty();

		limiter.acquire();
		assertThat(this.flow.calls).containsExactly("pause all");
		assertThat(limiter.inFlight()).isEqualTo(8);

		limiter.release();
		assertThat(this.flow.calls).containsExactly("pause all");
		limiter.release();
		assertThat(this.flow.calls).containsExactly("pause all", "resume all");
		assertThat(limiter.inFlight()).isEqualTo(6);
	}

	@Test
	void recordsFromTheSamePollBeyondTheLimitDoNotPauseTwice() {
		InFlightLimiter limiter = new InFlightLimiter(2, this.flow);
		limiter.acquire();
		limiter.acquire();
		limiter.acquire();

		assertThat(this.flow.calls).containsExactly("pause all");
		assertThat(limiter.inFlight()).isEqualTo(3);
	}

	@Test
	void aLimitOfOneResumesOnlyWhenNothingIsInFlight() {
		InFlightLimiter limiter = new InFlightLimiter(1, this.flow);
		limiter.acquire();
		limiter.release();

		assertThat(this.flow.calls).containsExactly("pause all", "resume all");
	}

}
