package dev.hookline.bench.load;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyRecorderTest {

	private final LatencyRecorder recorder = new LatencyRecorder();

	@Test
	void intervalsSplitTheRecordingAndTheTotalKeepsAll() {
		this.recorder.recordMicros(1_000);
		this.recorder.recordMicros(2_000);
		Histogram first = this.recorder.interval();
		this.recorder.recordMicros(50_000);
		Histogram total = this.recorder.cumulative();
		Histogram second = this.recorder.interval();

		assertThat(first.getTotalCount()).isEqualTo(2);
		assertThat(second.getTotalCount()).isEqualTo(1);
		assertThat(second.getMaxValue()).isBetween(49_950L, 50_050L);
		assertThat(total.getTotalCount()).isEqualTo(3);
	}

	@Test
	void valuesOutsideTheRangeAreClampedNotLost() {
		this.recorder.recordMicros(-5);
		this.recorder.recordMicros(2 * LatencyRecorder.HIGHEST_MICROS);

		Histogram total = this.recorder.cumulative();

		assertThat(total.getTotalCount()).isEqualTo(2);
		assertThat(total.getMinValue()).isZero();
		assertThat(LatencySummary.of(total).maxMs()).isCloseTo(3_600_000.0, within(3_600.0));
	}

	@Test
	void nanosecondsAreRecordedAsMicroseconds() {
		this.recorder.recordNanos(7_000_000);

		assertThat(LatencySummary.of(this.recorder.cumulative()).p50Ms()).isCloseTo(7.0, within(0.01));
	}

	@Test
	void resetForgetsEverything() {
		this.recorder.recordMicros(10);
		this.recorder.reset();

		assertThat(this.recorder.cumulative().getTotalCount()).isZero();
		assertThat(LatencySummary.of(this.recorder.interval()).count()).isZero();
	}

}
