package dev.hookline.schemas;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QuarantinesTest {

	private final Topics topics = new Topics("q.");

	private final Instant now = Instant.parse("2026-12-05T12:00:00Z");

	@Test
	void anEntryKeepsTheRecordByteForByteKeyedByWhereItWasRead() {
		ConsumerRecord<byte[], byte[]> read = new ConsumerRecord<>("q.deliveries", 2, 41, "sub_1".getBytes(),
				new byte[] { 0, 1, 2 });

		ProducerRecord<String, byte[]> written = Quarantines.record(this.topics, Quarantines.of(read,
				Quarantines.UNDECODABLE, new SerializationException("bad"), "worker 1@h", this.now));

		assertThat(written.topic()).isEqualTo("q.quarantine");
		assertThat(written.key()).isEqualTo("q.deliveries-2@41");
		Quarantined entry = decode(written);
		assertThat(entry.getKey()).isEqualTo(ByteBuffer.wrap("sub_1".getBytes()));
		assertThat(entry.getValue()).isEqualTo(ByteBuffer.wrap(new byte[] { 0, 1, 2 }));
		assertThat(entry.getValueSize()).isEqualTo(3);
		assertThat(entry.getError()).isEqualTo(SerializationException.class.getName() + ": bad");
		assertThat(entry.getQuarantinedAt()).isEqualTo(this.now);
	}

	@Test
	void aValueTooLargeToKeepBesideWhatIsSaidOfItIsLeftInItsTopicAndItsSizeKept() {
		byte[] largest = new byte[Topics.MAX_RECORD_BYTES];
		Arrays.fill(largest, (byte) 7);
		byte[] tooLarge = new byte[Quarantines.MAX_ENTRY_BYTES + 1];

		Quarantined kept = decode(Quarantines.record(this.topics, entry(largest)));
		Quarantined left = decode(Quarantines.record(this.topics, entry(tooLarge)));

		assertThat(kept.getValue()).isEqualTo(ByteBuffer.wrap(largest));
		assertThat(left.getValue()).isNull();
		assertThat(left.getValueSize()).isEqualTo(tooLarge.length);
		assertThat(Quarantines.record(this.topics, entry(tooLarge)).value().length)
			.isLessThan(Quarantines.MAX_ENTRY_BYTES);
	}

	@Test
	void theErrorNamesEveryCauseAndIsCapped() {
		Exception error = new SerializationException("outer", new IllegalStateException("inner"));
		assertThat(Quarantines.describe(error)).isEqualTo(SerializationException.class.getName() + ": outer; caused by "
				+ IllegalStateException.class.getName() + ": inner");
		assertThat(Quarantines.describe(new IllegalStateException("x".repeat(10_000))))
			.hasSize(Quarantines.MAX_ERROR_CHARS);
	}

	private Quarantined entry(byte[] value) {
		return Quarantines.of("q.events", 0, 1, null, null, value, null, Quarantines.UNDECODABLE, "too big",
				"router 1@h", this.now);
	}

	private Quarantined decode(ProducerRecord<String, byte[]> record) {
		return this.topics.quarantine().valueSerde().deserializer().deserialize(record.topic(), record.value());
	}

}
