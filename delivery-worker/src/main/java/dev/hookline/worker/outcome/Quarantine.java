package dev.hookline.worker.outcome;

import java.time.Clock;

import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.QuarantineMetrics;
import dev.hookline.schemas.Quarantined;
import dev.hookline.schemas.Quarantines;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Puts a delivery record the worker cannot decode, or will not send, in the quarantine
 * topic, in the outcome transactions: the entry and the commit of the record's offset
 * happen together, so the record is neither skipped unrecorded nor quarantined twice by
 * this worker. Entries are counted in {@code hookline.quarantined}, tagged by origin
 * topic and reason.
 */
public final class Quarantine {

	private static final Logger log = LoggerFactory.getLogger(Quarantine.class);

	private final TopicWriter writer;

	private final Topics topics;

	private final MeterRegistry registry;

	private final String reader;

	private final Clock clock;

	Quarantine(TopicWriter writer, Topics topics, MeterRegistry registry, String reader, Clock clock) {
		this.writer = writer;
		this.topics = topics;
		this.registry = registry;
		this.reader = reader;
		this.clock = clock;
	}

	/** A record of the deliveries topic or a retry tier that no known schema decodes. */
	public Mono<Void> undecodable(ConsumerRecord<byte[], byte[]> record, Exception error, Origin origin) {
		return write(Quarantines.of(record, Quarantines.UNDECODABLE, error, this.reader, this.clock.instant()), origin);
	}

	/**
	 * A delivery whose tenant is not its subscription's: the router never makes one, so
	 * it was forged or corrupted, and signing it with the subscription's secret would
	 * vouch for another tenant's data. It is never sent, and no attempt is recorded in
	 * the subscription's delivery log. The worker no longer holds the record's bytes: the
	 * entry holds the delivery as decoded, encoded again.
	 */
	public Mono<Void> tenantMismatch(Delivery delivery, Subscription subscription, Origin origin) {
		String error = "delivery " + delivery.getDeliveryId() + " of tenant '" + delivery.getTenant()
				+ "' names subscription " + subscription.getId() + " of tenant '" + subscription.getTenant()
				+ "'; not sent";
		byte[] value = this.topics.deliveries()
			.valueSerde()
			.serializer()
			.serialize(origin.partition().topic(), delivery);
		Quarantined entry = Quarantines.of(origin.partition().topic(), origin.partition().partition(), origin.offset(),
				null, delivery.getSubscriptionId().getBytes(java.nio.charset.StandardCharsets.UTF_8), value, null,
				Quarantines.TENANT_MISMATCH, error, this.reader, this.clock.instant());
		return write(entry, origin);
	}

	private Mono<Void> write(Quarantined entry, Origin origin) {
		String id = Quarantines.id(entry);
		log.error("quarantining {} ({}): {}", id, entry.getReason(), entry.getError());
		return this.writer.write(Quarantines.record(this.topics, entry), "quarantine entry " + id, origin::owned)
			.doOnSuccess((written) -> QuarantineMetrics.count(this.registry, entry))
			.then();
	}

}
