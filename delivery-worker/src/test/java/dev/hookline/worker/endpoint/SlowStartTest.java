package dev.hookline.worker.endpoint;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlowStartTest {

	@Test
	void theLimitStartsAtOneAndDoublesAfterAsManySuccessesUntilMaxConcurrency() {
		SlowStart slowStart = new SlowStart(10);
		assertThat(slowStart.limit()).isEqualTo(10);

		slowStart.start();
		List<Integer> limits = new ArrayList<>();
		while (slowStart.active()) {
			limits.add(slowStart.limit());
			slowStart.succeeded();
		}

		// 1 success at 1, 2 at 2, 4 at 4, 8 at 8: 15 successes to reach 10
		assertThat(limits).hasSize(15).startsWith(1, 2, 2, 4, 4, 4, 4, 8).endsWith(8);
		assertThat(slowStart.limit()).isEqualTo(10);
	}

	@Test
	void stoppingEndsTheSlowStartAndTheNextStartsFromOneAgain() {
		SlowStart slowStart = new SlowStart(64);
		slowStart.start();
		slowStart.succeeded();
		slowStart.succeeded();
		slowStart.succeeded();
		assertThat(slowStart.limit()).isEqualTo(4);

		slowStart.stop();
		assertThat(slowStart.active()).isFalse();
		slowStart.start();
		assertThat(slowStart.limit()).isOne();
	}

	@Test
	void anEndpointAllowedOneRequestAtATimeHasNoSlowStart() {
		SlowStart slowStart = new SlowStart(1);
		slowStart.start();

		assertThat(slowStart.active()).isFalse();
		assertThat(slowStart.limit()).isOne();
	}

}
