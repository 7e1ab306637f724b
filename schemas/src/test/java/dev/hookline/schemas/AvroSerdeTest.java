package dev.hookline.schemas;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AvroSerdeTest {

	private final AvroSerde<Event> serde = AvroSerde.of(Event.class);

	@Test
	void anEventSurvivesTheRoundTrip() {
		Event event = Event.newBuilder()
			.setId("evt_1")
			.setTenant("acme")
			.setType("post.created")
			.setOccurredAt(Instant.parse("2026-11-22T10:15:30.123Z"))
			.setData("{\"title\":\"héllo\"}")
			.setOrderingKey("post-7")
			.build();

		byte[] bytes = this.serde.serializer().serialize("t", event);

		assertThat(this.serde.deserializer().deserialize("t", bytes)).isEqualTo(event);
	}

	@Test
	void everyMessageCarriesTheSingleObjectMarkerAndTheSchemaFingerprint() {
		Event event = Event.newBuilder()
			.setId("e")
			.setTenant("t")
			.setType("a.b")
			.setOccurredAt(Instant.EPOCH)
			.setData("{}")
			.build();

		byte[] bytes = this.serde.encode(event);

		assertThat(bytes[0]).isEqualTo((byte) 0xC3);
		assertThat(bytes[1]).isEqualTo((byte) 0x01);
		long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
		assertThat(fingerprint)
			.isEqualTo(org.apache.avro.SchemaNormalization.parsingFingerprint64(Event.getClassSchema()));
	}

	@Test
	void aMessageWrittenWithAnOlderSchemaIsReadWithDefaultsForNewFields() throws Exception {
		Schema older = SchemaBuilder.record("Event")
			.namespace("dev.hookline.schemas")
			.fields()
			.requiredString("id")
			.requiredString("tenant")
			.requiredString("type")
			.name("occurredAt")
			.type(org.apache.avro.LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG)))
			.noDefault()
			.requiredString("data")
			.endRecord();
		GenericRecord old = new GenericData.Record(older);
		old.put("id", "evt_old");
		old.put("tenant", "acme");
		old.put("type", "post.created");
		old.put("occurredAt", 1_700_000_000_000L);
		old.put("data", "{\"a\":1}");
		ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(old);
		byte[] bytes = new byte[written.remaining()];
		written.get(bytes);

		Event read = AvroSerde.of(Event.class, List.of(older)).decode(bytes);

		assertThat(read.getId()).isEqualTo("evt_old");
		assertThat(read.getOccurredAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
		assertThat(read.getOrderingKey()).isNull();
		assertThat(read.getTraceparent()).isNull();
	}

	@Test
	void aNullValueIsATombstoneBothWays() {
		assertThat(this.serde.serializer().serialize("t", null)).isNull();
		assertThat(this.serde.deserializer().deserialize("t", null)).isNull();
	}

	@Test
	void bytesThatAreNotAnAvroMessageFailWithASerializationException() {
		assertThatThrownBy(() -> this.serde.decode("{\"not\":\"avro\"}".getBytes()))
			.isInstanceOf(SerializationException.class)
			.hasMessageContaining("not a readable single-object Avro message");
	}

}
