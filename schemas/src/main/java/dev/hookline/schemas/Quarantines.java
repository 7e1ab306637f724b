package dev.hookline.schemas;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.record.RecordBatch;
import org.jspecify.annotations.Nullable;

/**
 * How a record that no reader could decode, or would trust, becomes an entry of the
 * quarantine topic ({@link Topics#quarantine()}): its raw key, value and headers, where
 * it was read, the reason and the error.
 *
 * <p>
 * An entry is keyed by where its record was read ({@link #id}), so the same record met by
 * every instance of a service, or again after each restart (views read their topic from
 * the beginning), leaves one entry once the topic is compacted, and the CLI lists it
 * once.
 */
public final class Quarantines {

	/** No schema the reader knows decodes the record. */
	public static final String UNDECODABLE = "undecodable";

	/** A delivery whose tenant is not its subscription's: it was never sent. */
	public static final String TENANT_MISMATCH = "tenant_mismatch";

	/**
	 * A record that decodes but cannot be processed: an event whose {@code data} is not
	 * one JSON value. Read again, it fails the same way.
	 */
	public static final String INVALID = "invalid";

	/**
	 * The largest encoded entry: one record of {@link Topics#MAX_RECORD_BYTES} and what
	 * is said around it. Within every producer's and topic's request size
	 * ({@link Topics#MAX_REQUEST_BYTES}).
	 */
	static final int MAX_ENTRY_BYTES = Topics.MAX_RECORD_BYTES + 32 * 1024;

	static final int MAX_ERROR_CHARS = 4096;

	private static final String PROCESS = ManagementFactory.getRuntimeMXBean().getName();

	private Quarantines() {
	}

	/**
	 * The id, and key, of the entry of the record read at this place:
	 * {@code topic-3@1042}.
	 */
	public static String id(String topic, int partition, long offset) {
		return topic + "-" + partition + "@" + offset;
	}

	/** Names a reader: the service and its process ({@code pid@host}). */
	public static String reader(String service) {
		return service + " " + PROCESS;
	}

	/** An entry for a record as it was read. */
	public static Quarantined of(ConsumerRecord<byte[], byte[]> record, String reason, Throwable error, String reader,
			Instant at) {
		long timestamp = record.timestamp();
		return of(record.topic(), record.partition(), record.offset(),
				(timestamp == RecordBatch.NO_TIMESTAMP) ? null : Instant.ofEpochMilli(timestamp), record.key(),
				record.value(), record.headers(), reason, describe(error), reader, at);
	}

	/**
	 * An entry for a record whose raw bytes the reader no longer holds: {@code value} is
	 * the record as the reader decoded it, encoded again.
	 */
	public static Quarantined of(String topic, int partition, long offset, @Nullable Instant timestamp,
			byte @Nullable [] key, byte @Nullable [] value, @Nullable Headers headers, String reason, String error,
			String reader, Instant at) {
		List<QuarantinedHeader> kept = new ArrayList<>();
		if (headers != null) {
			for (Header header : headers) {
				kept.add(new QuarantinedHeader(header.key(), wrap(header.value())));
			}
		}
		return Quarantined.newBuilder()
			.setOriginTopic(topic)
			.setOriginPartition(partition)
			.setOriginOffset(offset)
			.setOriginTimestamp(timestamp)
			.setKey(wrap(key))
			.setValue(wrap(value))
			.setValueSize((value != null) ? value.length : -1)
			.setHeaders(kept)
			.setReason(reason)
			.setError(cap(error))
			.setReader(reader)
			.setQuarantinedAt(at)
			.build();
	}

	/** The entry's id: where its record was read. */
	public static String id(Quarantined entry) {
		return id(entry.getOriginTopic(), entry.getOriginPartition(), entry.getOriginOffset());
	}

	/**
	 * The record to write for an entry, keyed by its id. A value too large to fit beside
	 * what is said of it is left out (its size is kept): it stays in its origin topic.
	 */
	public static ProducerRecord<String, byte[]> record(Topics topics, Quarantined entry) {
		Topic<String, Quarantined> topic = topics.quarantine();
		byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), entry);
		if (bytes != null && bytes.length > MAX_ENTRY_BYTES) {
			Quarantined slim = Quarantined.newBuilder(entry).setValue(null).build();
			bytes = topic.valueSerde().serializer().serialize(topic.name(), slim);
		}
		return new ProducerRecord<>(topic.name(), id(entry), bytes);
	}

	/** An exception and its causes, one line, capped; messages never carry a secret. */
	public static String describe(Throwable error) {
		StringBuilder text = new StringBuilder();
		for (Throwable cause = error; cause != null && text.length() < MAX_ERROR_CHARS; cause = cause.getCause()) {
			if (!text.isEmpty()) {
				text.append("; caused by ");
			}
			text.append(cause.getClass().getName());
			if (cause.getMessage() != null) {
				text.append(": ").append(cause.getMessage());
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return cap(text.toString());
	}

	private static String cap(String text) {
		return (text.length() <= MAX_ERROR_CHARS) ? text : text.substring(0, MAX_ERROR_CHARS - 1) + "…";
	}

	private static @Nullable ByteBuffer wrap(byte @Nullable [] bytes) {
		return (bytes != null) ? ByteBuffer.wrap(bytes) : null;
	}

}
