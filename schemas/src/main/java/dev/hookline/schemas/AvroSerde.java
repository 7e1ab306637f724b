package dev.hookline.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;

/**
 * Kafka serde for Hookline's Avro records in Avro's single-object encoding: a two-byte
 * marker, the 8-byte fingerprint of the writer schema, then the binary datum.
 *
 * <p>
 * Decoding accepts every released version of the record's schema and resolves it to the
 * current one, so a reader upgraded first still reads what older writers wrote; with a
 * {@link SchemaStore}, also the schemas newer writers published, so a reader not yet
 * upgraded reads what they write. No schema registry is needed (the published schemas
 * live in a compacted topic); this is the one class to replace to use one. A {@code null}
 * value (a tombstone) passes through as {@code null}. Bytes that are not a known
 * single-object message fail with {@link SerializationException}.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

	private final BinaryMessageEncoder<T> encoder;

	private final BinaryMessageDecoder<T> decoder;

	private AvroSerde(Class<T> type, Schema current, List<Schema> writerSchemas, @Nullable SchemaStore store) {
		SpecificData model = SpecificData.getForClass(type);
		this.encoder = new BinaryMessageEncoder<>(model, current);
		this.decoder = new BinaryMessageDecoder<>(model, current, store);
		writerSchemas.forEach(this.decoder::addSchema);
	}

	/** A serde for a generated record class that also decodes every released version. */
	public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
		return of(type, (SchemaStore) null);
	}

	/**
	 * A serde for a generated record class that also decodes every released version, and
	 * any other writer schema {@code store} finds by its fingerprint (the schemas a newer
	 * release published, {@link PublishedSchemas}), resolved to this release's schema: a
	 * field the newer writer added is left out, as compatible evolution allows.
	 */
	public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, @Nullable SchemaStore store) {
		Schema current = SpecificData.get().getSchema(type);
		return new AvroSerde<>(type, current, SchemaHistory.releasedVersionsOf(current.getFullName()), store);
	}

	/** A serde that also decodes the given writer schemas, beyond the released ones. */
	public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, List<Schema> extraWriterSchemas) {
		AvroSerde<T> serde = of(type);
		extraWriterSchemas.forEach(serde.decoder::addSchema);
		return serde;
	}

	public byte @Nullable [] encode(@Nullable T value) {
		if (value == null) {
			return null;
		}
		try {
			ByteBuffer buffer = this.encoder.encode(value);
			byte[] bytes = new byte[buffer.remaining()];
			buffer.get(bytes);
			return bytes;
		}
		catch (IOException | RuntimeException ex) {
			throw new SerializationException("cannot encode " + value.getSchema().getName(), ex);
		}
	}

	public @Nullable T decode(byte @Nullable [] bytes) {
		if (bytes == null) {
			return null;
		}
		try {
			return this.decoder.decode(bytes);
		}
		catch (IOException | RuntimeException ex) {
			throw new SerializationException("not a readable single-object Avro message (" + bytes.length + " bytes)",
					ex);
		}
	}

	@Override
	public Serializer<T> serializer() {
		return (topic, value) -> encode(value);
	}

	@Override
	public Deserializer<T> deserializer() {
		return (topic, bytes) -> decode(bytes);
	}

}
