package dev.hookline.schemas;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The upgrade path on a real broker: a reader of this release decodes a record a newer
 * release wrote with a schema it never saw, once that release has published it, and
 * refuses it, loudly, while it has not.
 */
@EmbeddedKafka(partitions = 1)
class PublishedSchemasTest {

	@Test
	void aReaderDecodesANewerWritersRecordOnceItsSchemaIsPublishedAndNotBefore() throws Exception {
		EmbeddedKafkaBroker broker = EmbeddedKafkaCondition.getBroker();
		KafkaSettings settings = new KafkaSettings(broker.getBrokersAsString(), "upgrade.", 1, (short) 1, null);
		Topics topics = settings.topics();
		TopicProvisioner.createMissing(settings);
		Delivery delivery = delivery();
		Schema newer = newerSchema();
		byte[] written = encodeAsNewer(delivery, newer);

		try (PublishedSchemas schemas = PublishedSchemas.start(topics, broker.getBrokersAsString(), Map.of())) {
			AvroSerde<Delivery> reader = AvroSerde.of(Delivery.class, schemas);
			// this release's own schemas were published by createMissing
			assertThat(schemas.findByFingerprint(SchemaNormalization.parsingFingerprint64(Delivery.getClassSchema())))
				.isEqualTo(Delivery.getClassSchema());
			assertThatThrownBy(() -> reader.decode(written)).isInstanceOf(SerializationException.class);

			publish(broker, topics, newer);

			// the miss is remembered for a few seconds: a fresh serde on the same store
			// would wait; a new store finds it at once
			try (PublishedSchemas later = PublishedSchemas.start(topics, broker.getBrokersAsString(), Map.of())) {
				assertThat(AvroSerde.of(Delivery.class, later).decode(written)).isEqualTo(delivery);
			}
		}
	}

	@Test
	void aSchemaPublishedAfterTheReaderStartedIsFoundWithAReadBarrier() throws Exception {
		EmbeddedKafkaBroker broker = EmbeddedKafkaCondition.getBroker();
		KafkaSettings settings = new KafkaSettings(broker.getBrokersAsString(), "barrier.", 1, (short) 1, null);
		Topics topics = settings.topics();
		TopicProvisioner.createMissing(settings);
		Delivery delivery = delivery();
		Schema newer = newerSchema();

		try (PublishedSchemas schemas = PublishedSchemas.start(topics, broker.getBrokersAsString(), Map.of())) {
			publish(broker, topics, newer);

			assertThat(topics.readingWith(schemas)
				.deliveries()
				.valueSerde()
				.deserializer()
				.deserialize("t", encodeAsNewer(delivery, newer))).isEqualTo(delivery);
		}
	}

	private static void publish(EmbeddedKafkaBroker broker, Topics topics, Schema schema) throws Exception {
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of("bootstrap.servers", broker.getBrokersAsString()), new StringSerializer(),
				new StringSerializer())) {
			producer
				.send(new ProducerRecord<>(topics.schemas().name(), PublishedSchemas.key(schema), schema.toString()))
				.get();
		}
	}

	/** Delivery as a next release might have it: one more optional field. */
	private static Schema newerSchema() {
		Schema current = Delivery.getClassSchema();
		List<Schema.Field> fields = new ArrayList<>();
		current.getFields().forEach((field) -> fields.add(new Schema.Field(field, field.schema())));
		fields.add(new Schema.Field("priority", SchemaBuilder.unionOf().nullType().and().stringType().endUnion(), null,
				Schema.Field.NULL_DEFAULT_VALUE));
		return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
	}

	private static byte[] encodeAsNewer(Delivery delivery, Schema newer) throws Exception {
		GenericRecord record = new GenericData.Record(newer);
		delivery.getSchema().getFields().forEach((field) -> record.put(field.name(), delivery.get(field.pos())));
		record.put("priority", "high");
		ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(SpecificData.getForClass(Delivery.class), newer)
			.encode(record);
		byte[] bytes = new byte[buffer.remaining()];
		buffer.get(bytes);
		return bytes;
	}

	private static Delivery delivery() {
		Instant now = Instant.parse("2026-12-05T12:00:00Z");
		return Delivery.newBuilder()
			.setDeliveryId("msg_1")
			.setTenant("acme")
			.setEventId("evt_1")
			.setEventType("post.created")
			.setSubscriptionId("sub_1")
			.setSubscriptionVersion(1)
			.setBody(ByteBuffer.wrap("{}".getBytes()))
			.setAttempt(1)
			.setCreatedAt(now)
			.setDueAt(now)
			.build();
	}

}
