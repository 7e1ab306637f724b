package dev.hookline.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.hookline.schemas.Topics;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A release of Hookline newer than the one under test, as far as its records go: each of
 * its schemas is this release's with one more optional field, {@value #NEW_FIELD}, the
 * kind of change the build lets through. It writes records the way that release would,
 * and publishes its schemas the way every writer does, so that tests can put this
 * release's readers in front of a newer writer.
 */
public final class NewerRelease {

	/** The field the newer release added to every record. */
	public static final String NEW_FIELD = "addedInANewerRelease";

	private NewerRelease() {
	}

	/** The newer release's schema of a record type. */
	public static Schema schemaOf(Class<? extends SpecificRecord> type) {
		return schemaOf(type, NEW_FIELD);
	}

	/** A newer release's schema of a record type that added the field {@code added}. */
	public static Schema schemaOf(Class<? extends SpecificRecord> type, String added) {
		Schema current = SpecificData.get().getSchema(type);
		List<Schema.Field> fields = new ArrayList<>();
		current.getFields().forEach((field) -> fields.add(new Schema.Field(field, field.schema())));
		fields.add(new Schema.Field(added, SchemaBuilder.unionOf().nullType().and().stringType().endUnion(), null,
				Schema.Field.NULL_DEFAULT_VALUE));
		return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
	}

	/**
	 * The record as the newer release writes it: single-object encoded with its newer
	 * schema's fingerprint, every field of this release's set as in {@code record}, and
	 * the new one set to {@code added}.
	 */
	public static byte[] encode(SpecificRecord record, String added) {
		return encode(record, NEW_FIELD, added);
	}

	/**
	 * Like {@link #encode(SpecificRecord, String)}, by a release that added
	 * {@code field}.
	 */
	public static byte[] encode(SpecificRecord record, String field, String added) {
		Schema newer = schemaOf(record.getClass(), field);
		GenericRecord written = new GenericData.Record(newer);
		for (Schema.Field kept : record.getSchema().getFields()) {
			written.put(kept.name(), record.get(kept.pos()));
		}
		written.put(field, added);
		try {
			ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(SpecificData.getForClass(record.getClass()),
					newer)
				.encode(written);
			byte[] bytes = new byte[buffer.remaining()];
			buffer.get(bytes);
			return bytes;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Publishes the newer release's schema of a record type to the schemas topic, as that
	 * release does when it starts.
	 */
	public static void publish(String bootstrapServers, Topics topics, Class<? extends SpecificRecord> type) {
		publish(bootstrapServers, topics, type, NEW_FIELD);
	}

	/**
	 * Like {@link #publish(String, Topics, Class)}, by a release that added
	 * {@code field}.
	 */
	public static void publish(String bootstrapServers, Topics topics, Class<? extends SpecificRecord> type,
			String field) {
		Schema newer = schemaOf(type, field);
		String key = String.format("%016x", SchemaNormalization.parsingFingerprint64(newer));
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(),
				new StringSerializer())) {
			producer.send(new ProducerRecord<>(topics.schemas().name(), key, newer.toString())).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot publish the newer schema of " + type.getSimpleName(), ex);
		}
	}

}
