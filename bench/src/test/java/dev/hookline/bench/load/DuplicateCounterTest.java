package dev.hookline.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DuplicateCounterTest {

	private final DuplicateCounter counter = new DuplicateCounter();

	@Test
	void distinctIdsCountNoDuplicate() {
		for (int i = 0; i < 100_000; i++) {
			assertThat(this.counter.record(id(i))).isTrue();
		}

		assertThat(this.counter.distinct()).isEqualTo(100_000);
		assertThat(this.counter.duplicates()).isZero();
	}

	@Test
	void anInjectedDuplicateIsCaughtAndCountedOnce() {
		for (int i = 0; i < 100_000; i++) {
			this.counter.record(id(i));
		}

		boolean first = this.counter.record(id(42_424));

		assertThat(first).isFalse();
		assertThat(this.counter.duplicates()).isEqualTo(1);
		assertThat(this.counter.distinct()).isEqualTo(100_000);
	}

	@Test
	void anIdSeenThreeTimesCountsTwoRepeats() {
		this.counter.record("msg_a");
		this.counter.record("msg_a");
		this.counter.record("msg_a");

		assertThat(this.counter.duplicates()).isEqualTo(2);
		assertThat(this.counter.distinct()).isEqualTo(1);
	}

	@Test
	void threadsRecordingOverlappingIdsCountEachRepeatOnce() throws Exception {
		// four threads record ids 0..29,999 each in their own slice with overlap: 60,000
		// recordings of 30,000 ids
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				int from = t * 7_500;
				done.add(pool.submit(() -> {
					for (int i = from; i < from + 15_000; i++) {
						this.counter.record(id(i % 30_000));
					}
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(this.counter.distinct()).isEqualTo(30_000);
		assertThat(this.counter.duplicates()).isEqualTo(30_000);
	}

	@Test
	void clearingForgetsEveryId() {
		this.counter.record("msg_a");
		this.counter.record("msg_a");

		this.counter.clear();

		assertThat(this.counter.record("msg_a")).isTrue();
		assertThat(this.counter.duplicates()).isZero();
		assertThat(this.counter.distinct()).isEqualTo(1);
	}

	private static String id(int i) {
		return String.format("msg_%032x", i);
	}

}
