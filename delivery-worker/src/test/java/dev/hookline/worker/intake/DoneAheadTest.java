package dev.hookline.worker.intake;

import java.util.Arrays;
import java.util.stream.LongStream;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The records done beyond a committed offset, written into its metadata and read back by
 * the partition's next reader.
 */
class DoneAheadTest {

	@Test
	void runsOfDoneRecordsBecomeRangesRelativeToTheCommittedOffset() {
		DoneAhead.Writer writer = new DoneAhead.Writer(500);
		writer.notDone(); // 500, in flight
		writer.done(501);
		writer.done(502);
		writer.done(503);
		writer.notDone(); // 504, waiting for its rate limit
		writer.done(506); // 505: a transaction marker
		writer.notDone();

		assertThat(writer.metadata()).isEqualTo("done:1-3,6");
		assertThat(writer.carried()).isEqualTo(4);
	}

	@Test
	void readingBackTellsWhichOffsetsWereDone() {
		DoneAhead done = DoneAhead.read(new OffsetAndMetadata(500, "done:1-3,6"));

		assertThat(done.isEmpty()).isFalse();
		assertThat(done.last()).isEqualTo(506);
		assertThat(new long[] { 499, 500, 501, 502, 503, 504, 505, 506, 507 })
			.satisfies((offsets) -> assertThat(Arrays.stream(offsets).filter(done::contains).toArray())
				.containsExactly(501, 502, 503, 506));
	}

	@Test
	void nothingDoneBeyondTheOffsetWritesNoMetadata() {
		DoneAhead.Writer writer = new DoneAhead.Writer(500);
		writer.notDone();

		assertThat(writer.metadata()).isEmpty();
		assertThat(DoneAhead.read(new OffsetAndMetadata(500, "")).isEmpty()).isTrue();
		assertThat(DoneAhead.read(null).isEmpty()).isTrue();
	}

	@Test
	void metadataSomeoneElseWroteIsIgnored() {
		assertThat(DoneAhead.read(new OffsetAndMetadata(500, "committed by a tool")).isEmpty()).isTrue();
		assertThat(DoneAhead.read(new OffsetAndMetadata(500, "done:3-x")).isEmpty()).isTrue();
		assertThat(DoneAhead.read(new OffsetAndMetadata(500, "done:6,1-3")).isEmpty()).isTrue();
	}

	@Test
	void rangesBeyondTheLengthTheBrokerAcceptsAreLeftOutAndNotCounted() {
		DoneAhead.Writer writer = new DoneAhead.Writer(0);
		for (long offset = 1; offset < 100_000; offset += 2) {
			writer.notDone();
			writer.done(offset);
		}

		String metadata = writer.metadata();
		assertThat(metadata.length()).isLessThanOrEqualTo(DoneAhead.MAX_LENGTH);
		DoneAhead done = DoneAhead.read(new OffsetAndMetadata(0, metadata));
		assertThat(writer.carried()).isGreaterThan(100).isLessThan(50_000);
		assertThat(LongStream.rangeClosed(0, done.last()).filter(done::contains).count()).isEqualTo(writer.carried());
	}

}
