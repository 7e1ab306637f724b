package dev.hookline.worker.outcome;

import java.util.function.BooleanSupplier;

import org.apache.kafka.common.TopicPartition;

/**
 * Where the record of a delivery was read from, and whether this worker still owns that
 * partition (it stops owning it when the partition is revoked or lost).
 *
 * @param partition the topic (deliveries or a retry tier) and partition of the record
 * @param owner tells whether the partition is still this worker's
 */
public record Origin(TopicPartition partition, BooleanSupplier owner) {

	/** Whether the partition is still this worker's. */
	public boolean owned() {
		return this.owner.getAsBoolean();
	}

}
