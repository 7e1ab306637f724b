package dev.hookline.cli.quarantine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.hookline.cli.kafka.KafkaAccess;
import dev.hookline.cli.support.CliException;
import dev.hookline.schemas.Quarantined;
import dev.hookline.schemas.QuarantinedHeader;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jspecify.annotations.Nullable;

/**
 * The quarantine commands' writes, each acknowledged before the next: a record written
 * back to where it was read, and an entry removed from the quarantine (a tombstone of its
 * id). Re-injecting writes the record first and removes its entry after, so a failure in
 * between leaves the entry listed: re-injecting it again sends the record twice, never
 * loses it.
 */
final class QuarantineWrites implements AutoCloseable {

	/** The header that tells where a re-injected record came from. */
	static final String REINJECTED_FROM = "hookline-reinjected-from";

	private static final long ACK_TIMEOUT_SECONDS = 30;

	private final KafkaAccess kafka;

	private final KafkaProducer<byte[], byte[]> producer;

	QuarantineWrites(KafkaAccess kafka) {
		this.kafka = kafka;
		this.producer = kafka.producer();
	}

	/**
	 * Writes the record, byte for byte with its headers, to the partition it was read
	 * from (or where its key leads, should the topic have fewer partitions now).
	 */
	void reinject(QuarantineEntries.Entry entry, int partitions) throws InterruptedException {
		Quarantined value = entry.value();
		List<Header> headers = new ArrayList<>();
		for (QuarantinedHeader header : value.getHeaders()) {
			headers.add(new RecordHeader(header.getName(),
					(header.getValue() != null) ? EntryView.bytes(header.getValue()) : null));
		}
		headers.add(new RecordHeader(REINJECTED_FROM, entry.id().getBytes(StandardCharsets.UTF_8)));
		Integer partition = (value.getOriginPartition() < partitions) ? value.getOriginPartition() : null;
		acknowledged(new ProducerRecord<>(value.getOriginTopic(), partition, bytes(value.getKey()),
				bytes(value.getValue()), headers), "re-inject " + entry.id() + " into " + value.getOriginTopic());
	}

	/** Removes the entry from the quarantine. */
	void remove(QuarantineEntries.Entry entry) throws InterruptedException {
		acknowledged(
				new ProducerRecord<>(this.kafka.topics().quarantine().name(),
						entry.id().getBytes(StandardCharsets.UTF_8), null),
				"remove " + entry.id() + " from the quarantine");
	}

	private void acknowledged(ProducerRecord<byte[], byte[]> record, String what) throws InterruptedException {
		try {
			this.producer.send(record).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (ExecutionException | KafkaException | java.util.concurrent.TimeoutException ex) {
			Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
			String message = "could not " + what + " (" + cause + "); what was done before stays done: run the "
					+ "same command again for the rest";
			throw (cause instanceof TimeoutException || ex instanceof java.util.concurrent.TimeoutException)
					? CliException.unreachable(message, cause) : CliException.failed(message, cause);
		}
	}

	private static byte @Nullable [] bytes(java.nio.@Nullable ByteBuffer buffer) {
		return (buffer != null) ? EntryView.bytes(buffer) : null;
	}

	@Override
	public void close() {
		this.producer.close();
	}

}
