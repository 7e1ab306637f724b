package dev.hookline.schemas;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes quarantine entries ({@link Quarantines}) for readers that are not in a
 * transaction: the views of compacted topics, the router's subscription index, the
 * delivery log. (The worker's intake writes its own in its outcome transactions.)
 *
 * <p>
 * {@link #quarantine} returns once Kafka acknowledged the entry, trying again with
 * backoff for as long as it takes, so the reader moves past a record only once the record
 * is safe: a reader that cannot quarantine stops where it is, as it would if it could not
 * read at all. An entry already written by this process is not written again (a view met
 * the same record after a restart of its consumer). The producer is made at the first
 * entry: most processes never need one.
 */
public final class QuarantineWriter implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(QuarantineWriter.class);

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

	private static final int REMEMBERED = 10_000;

	private final Topics topics;

	private final Map<String, Object> producerConfig;

	private final String reader;

	private final Consumer<Quarantined> written;

	private final Clock clock;

	private final Set<String> writtenIds = Collections
		.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {

			private static final long serialVersionUID = 1L;

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
				return size() > REMEMBERED;
			}

		}));

	private @Nullable Producer<String, byte[]> producer;

	private volatile boolean closed;

	/**
	 * @param topics where the quarantine topic is
	 * @param bootstrapServers the cluster
	 * @param clientConfig further producer settings (security, client id)
	 * @param service names the reader in its entries
	 * @param written told of every entry written, to count it
	 */
	public QuarantineWriter(Topics topics, String bootstrapServers, Map<String, Object> clientConfig, String service,
			Consumer<Quarantined> written) {
		this(topics, producerConfig(bootstrapServers, clientConfig), service, written, Clock.systemUTC());
	}

	QuarantineWriter(Topics topics, Map<String, Object> producerConfig, String service, Consumer<Quarantined> written,
			Clock clock) {
		this.topics = topics;
		this.producerConfig = producerConfig;
		this.reader = Quarantines.reader(service);
		this.written = written;
		this.clock = clock;
	}

	private static Map<String, Object> producerConfig(String bootstrapServers, Map<String, Object> clientConfig) {
		Map<String, Object> config = new java.util.HashMap<>(clientConfig);
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_REQUEST_BYTES);
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis() / 2);
		return config;
	}

	/** The name this writer gives its reader in entries. */
	public String reader() {
		return this.reader;
	}

	/** Where the quarantine topic is. */
	public Topics topics() {
		return this.topics;
	}

	/**
	 * Logs and counts, as if this writer had written it, an entry the reader writes by
	 * its own means (in its own transaction).
	 */
	public void writtenElsewhere(Quarantined entry) {
		log.error("quarantined {} ({}) as {}: {}", Quarantines.id(entry), entry.getReason(), this.reader,
				entry.getError());
		this.written.accept(entry);
	}

	/**
	 * Quarantines a record as it was read, and returns once Kafka has the entry.
	 * @return false only when this writer was closed before the entry was written
	 */
	public boolean quarantine(ConsumerRecord<byte[], byte[]> record, String reason, Throwable error) {
		return write(Quarantines.of(record, reason, error, this.reader, this.clock.instant()));
	}

	/**
	 * Writes an entry, and returns once Kafka has it.
	 * @return false only when this writer was closed before the entry was written
	 */
	public boolean write(Quarantined entry) {
		String id = Quarantines.id(entry);
		log.error("quarantined {} ({}) as {}: {}", id, entry.getReason(), this.reader, entry.getError());
		if (this.writtenIds.contains(id)) {
			return true;
		}
		Duration backoff = FIRST_BACKOFF;
		while (!this.closed) {
			try {
				producer().send(Quarantines.record(this.topics, entry))
					.get(SEND_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
				this.writtenIds.add(id);
				this.written.accept(entry);
				return true;
			}
			catch (ExecutionException | TimeoutException | KafkaException ex) {
				Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
				log.warn("{} not quarantined yet, trying again in {}: {}", id, backoff, String.valueOf(cause));
				if (!sleep(backoff)) {
					return false;
				}
				backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return false;
	}

	private synchronized Producer<String, byte[]> producer() {
		if (this.closed) {
			throw new KafkaException("the quarantine writer is closed");
		}
		if (this.producer == null) {
			this.producer = new KafkaProducer<>(this.producerConfig, new StringSerializer(), new ByteArraySerializer());
		}
		return this.producer;
	}

	private boolean sleep(Duration backoff) {
		try {
			Thread.sleep(backoff.toMillis());
			return !this.closed;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		if (this.producer != null) {
			this.producer.close(Duration.ofSeconds(5));
			this.producer = null;
		}
	}

}
