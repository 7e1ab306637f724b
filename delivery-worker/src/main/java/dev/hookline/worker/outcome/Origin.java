package dev.hookline.worker.outcome;

import java.util.function.BooleanSupplier;

import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * Where the record of a delivery was read from, whether this worker still owns that
 * partition (it stops owning it when the partition is revoked or lost), and whether the
 * delivery may still start its request (not once the partition is being revoked: the
 * requests already sent finish, the rest are left to the next owner).
 *
 * @param partition the topic (deliveries or a retry tier) and partition of the record
 * @param offset the record's offset
 * @param owner tells whether the partition is still this worker's: its outcomes may be
 * written
 * @param starting tells whether a request may start
 * @param traceparent the W3C trace context the record carried in its {@code traceparent}
 * header (the router's span), which each attempt's span continues and every hand-off
 * keeps
 */
public record Origin(TopicPartition partition, long offset, BooleanSupplier owner, BooleanSupplier starting,
		@Nullable String traceparent) {

	/** An origin whose requests may start for as long as it is owned. */
	public Origin(TopicPartition partition, long offset, BooleanSupplier owner) {
		this(partition, offset, owner, owner, null);
	}

	/** An origin of a record without trace context. */
	public Origin(TopicPartition partition, long offset, BooleanSupplier owner, BooleanSupplier starting) {
		this(partition, offset, owner, starting, null);
	}

	/** Whether the partition is still this worker's. */
	public boolean owned() {
		return this.owner.getAsBoolean();
	}

	/** Whether the delivery may start its request now. */
	public boolean mayStart() {
		return this.starting.getAsBoolean();
	}

}
