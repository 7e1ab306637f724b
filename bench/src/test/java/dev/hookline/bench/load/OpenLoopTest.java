package dev.hookline.bench.load;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

class OpenLoopTest {

	private static final long SECOND = 1_000_000_000L;

	private final FakeTimeSource time = new FakeTimeSource();

	@Test
	void latencyCountsTheTimeASendWaitedToBeIssued() throws InterruptedException {
		// one send in flight at a time, like a client with one connection; the endpoint
		// answers nothing for the first second: 100 sends fall due during the stall
		StallingSender sender = new StallingSender(this.time, SECOND);
		LoadResult result = new OpenLoop(LoadPlan.ofCount(100, 100, 1), sender, this.time).run();

		assertThat(result.sent()).isEqualTo(100);
		assertThat(result.completed()).isEqualTo(100);
		assertThat(result.failed()).isZero();
		// from the intended time: send i waited (1000 - 10 i) ms, so the stall shows in
		// every percentile
		LatencySummary honest = result.latency();
		assertThat(honest.count()).isEqualTo(100);
		assertThat(honest.p50Ms()).isBetween(450.0, 550.0);
		assertThat(honest.p99Ms()).isGreaterThanOrEqualTo(980.0);
		assertThat(honest.maxMs()).isCloseTo(1000.0, within(5.0));
		// from the actual send time: only the first send saw the stall, the 99 others
		// were
		// sent late and answered at once, so the stall all but disappears
		LatencySummary naive = LatencySummary.of(sender.naive.cumulative());
		assertThat(naive.count()).isEqualTo(100);
		assertThat(naive.p50Ms()).isZero();
		assertThat(naive.p99Ms()).isZero();
		assertThat(naive.maxMs()).isCloseTo(1000.0, within(5.0));
		// the generator says how far it fell behind, and that the cap was the cause: it
		// waited once, for the stalled first send, and then caught up
		assertThat(result.maxLag()).isEqualTo(Duration.ofMillis(990));
		assertThat(result.capWaits()).isEqualTo(1);
	}

	@Test
	void lateSendsKeepTheirIntendedTimeAndTheScheduleDoesNotShift() throws InterruptedException {
		StallingSender sender = new StallingSender(this.time, SECOND);
		LoadResult result = new OpenLoop(LoadPlan.ofCount(100, 200, 1), sender, this.time).run();

		assertThat(result.completed()).isEqualTo(200);
		// send 50 was due at 0.5 s, went out at 1 s, and still carries 0.5 s as its t0
		assertThat(sender.issuedAtNanos.get(50L)).isEqualTo(SECOND);
		assertThat(sender.intendedEpochMicros.get(50L)).isEqualTo(FakeTimeSource.START_EPOCH_MICROS + 500_000);
		// after the catch-up the sends are on their original schedule, not 1 s later
		assertThat(sender.issuedAtNanos.get(150L)).isEqualTo(SECOND + SECOND / 2);
		assertThat(sender.intendedEpochMicros.get(150L)).isEqualTo(FakeTimeSource.START_EPOCH_MICROS + 1_500_000);
	}

	@Test
	void sendsGoOutOnScheduleWithoutWaitingForEarlierOnes() throws InterruptedException {
		StallingSender sender = new StallingSender(this.time, Long.MAX_VALUE);
		LoadPlan plan = LoadPlan.ofCount(1_000, 50, 1_000).withDrainTimeout(Duration.ofSeconds(2));
		LoadResult result = new OpenLoop(plan, sender, this.time).run();

		// none completed, yet every send went out at exactly its intended time
		assertThat(result.sent()).isEqualTo(50);
		assertThat(sender.issuedAtNanos.get(49L)).isEqualTo(49 * SECOND / 1_000);
		assertThat(result.maxLag()).isZero();
		assertThat(result.capWaits()).isZero();
		// the run gave up on them after the drain timeout
		assertThat(result.unfinished()).isEqualTo(50);
		assertThat(result.completed()).isZero();
		assertThat(this.time.nanoTime()).isEqualTo(49 * SECOND / 1_000 + 2 * SECOND);
	}

	@Test
	void failedSendsAreCountedAndKeptOutOfTheHistogram() throws InterruptedException {
		Sender sender = (seq, t0) -> {
			if (seq == 5) {
				throw new IllegalStateException("cannot even start");
			}
			return (seq % 10 == 0) ? CompletableFuture.failedFuture(new IllegalStateException("503"))
					: CompletableFuture.completedFuture(null);
		};
		LoadResult result = new OpenLoop(LoadPlan.ofCount(100, 100, 10), sender, this.time).run();

		assertThat(result.sent()).isEqualTo(100);
		assertThat(result.failed()).isEqualTo(11);
		assertThat(result.completed()).isEqualTo(89);
		assertThat(result.unfinished()).isZero();
		Histogram latency = result.latencyMicros();
		assertThat(latency.getTotalCount()).isEqualTo(89);
	}

	@Test
	void aGeneratorRunsOnlyOnce() throws InterruptedException {
		OpenLoop loop = new OpenLoop(LoadPlan.ofCount(10, 1, 1), (seq, t0) -> CompletableFuture.completedFuture(null),
				this.time);
		loop.run();

		assertThatIllegalStateException().isThrownBy(loop::run);
	}

}
