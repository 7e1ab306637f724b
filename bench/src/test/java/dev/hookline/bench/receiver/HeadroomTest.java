package dev.hookline.bench.receiver;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeadroomTest {

	@Test
	void aReceiverWithPromptLoopsAndSpareCapacityIsOk() {
		assertThat(Headroom.verdict(1.2, 0.8, 0.3)).isEqualTo("ok");
	}

	@Test
	void loopsLateWhileTheControlThreadIsOnTimeMeanTheReceiverIsSaturated() {
		assertThat(Headroom.verdict(Headroom.LAG_P99_LIMIT_MS, 0.5, 0.4)).isEqualTo("saturated");
	}

	@Test
	void anEventLoopOnTheCpuMostOfTheTimeIsSaturated() {
		assertThat(Headroom.verdict(0.5, 0.5, Headroom.BUSY_LIMIT)).isEqualTo("saturated");
	}

	@Test
	void lateTimersEverywhereAreTheMachinesContentionNotTheReceivers() {
		assertThat(Headroom.verdict(20, 18, 0.1)).isEqualTo("ok");
	}

}
