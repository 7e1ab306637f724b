package dev.hookline.router;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.hookline.schemas.QuarantineWriter;
import dev.hookline.schemas.Quarantined;
import dev.hookline.router.routing.InvalidEventException;
import dev.hookline.schemas.Quarantines;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.jspecify.annotations.Nullable;

/**
 * The router's answer to a record of {@code events} or {@code subscriptions} that no
 * known schema decodes, and to an event whose data cannot be routed: it goes to the
 * quarantine topic with its raw bytes, and routing goes on.
 *
 * <p>
 * An event's entry is handed back to Kafka Streams as a dead-letter record, which Streams
 * writes in the task's own transaction, with the offset that moves past the event:
 * quarantined and skipped happen together or not at all. A subscription is read by the
 * global thread, which has no producer (Kafka Streams 4.2 cannot write a global thread's
 * dead-letter records), so its entry is written by the router's {@link QuarantineWriter}
 * before the global store moves on; the store is read again from the beginning at every
 * start, and the entry's key (where the record was read) keeps that one entry.
 *
 * <p>
 * Kafka Streams makes this handler from its class name and hands it its configuration:
 * the writer is passed there, under {@link #WRITER_CONFIG}.
 */
public final class QuarantiningHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {

	/** The configuration entry that holds the router's {@link QuarantineWriter}. */
	public static final String WRITER_CONFIG = "hookline.quarantine.writer";

	private @Nullable QuarantineWriter writer;

	private @Nullable String subscriptions;

	@Override
	public void configure(Map<String, ?> configs) {
		if (!(configs.get(WRITER_CONFIG) instanceof QuarantineWriter configured)) {
			throw new ConfigException(WRITER_CONFIG, configs.get(WRITER_CONFIG),
					"the router's quarantine writer is required");
		}
		this.writer = configured;
		this.subscriptions = configured.topics().subscriptions().name();
	}

	@Override
	public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
			ConsumerRecord<byte[], byte[]> record, Exception exception) {
		QuarantineWriter quarantine = writer();
		if (record.topic().equals(this.subscriptions)) {
			return quarantine.quarantine(record, Quarantines.UNDECODABLE, exception)
					? DeserializationExceptionHandler.Response.resume()
					: DeserializationExceptionHandler.Response.fail();
		}
		Quarantined entry = Quarantines.of(record, Quarantines.UNDECODABLE, exception, quarantine.reader(),
				Instant.now());
		return DeserializationExceptionHandler.Response.resume(List.of(deadLetter(entry)));
	}

	/**
	 * An event that decodes but cannot be routed ({@link InvalidEventException}) goes to
	 * the quarantine with the bytes it was read with, in the task's transaction, like an
	 * undecodable one; any other failure of processing stops the thread, as Kafka
	 * Streams' default handler does.
	 */
	@Override
	public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
			Exception exception) {
		if (!(exception instanceof InvalidEventException)) {
			return ProcessingExceptionHandler.Response.fail();
		}
		Quarantined entry = Quarantines.of(context.topic(), context.partition(), context.offset(),
				Instant.ofEpochMilli(context.timestamp()), context.sourceRawKey(), context.sourceRawValue(),
				context.headers(), Quarantines.INVALID, Quarantines.describe(exception), writer().reader(),
				Instant.now());
		return ProcessingExceptionHandler.Response.resume(List.of(deadLetter(entry)));
	}

	/** The entry as a record Kafka Streams writes in the task's transaction. */
	private ProducerRecord<byte[], byte[]> deadLetter(Quarantined entry) {
		QuarantineWriter quarantine = writer();
		ProducerRecord<String, byte[]> written = Quarantines.record(quarantine.topics(), entry);
		quarantine.writtenElsewhere(entry);
		return new ProducerRecord<>(written.topic(), null, written.key().getBytes(StandardCharsets.UTF_8),
				written.value());
	}

	private QuarantineWriter writer() {
		if (this.writer == null) {
			throw new IllegalStateException("not configured");
		}
		return this.writer;
	}

}
