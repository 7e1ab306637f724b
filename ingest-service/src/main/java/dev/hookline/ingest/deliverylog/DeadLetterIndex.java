package dev.hookline.ingest.deliverylog;

/**
 * One entry of the dead-letter index ({@link HistoryTopology#DEAD_LETTERS}): a delivery
 * and its record on the DLQ. A reader tells from the delivery's newest record whether it
 * is still that dead letter, was queued again since (replayed, redelivered, recovered),
 * or was dead-lettered again (then its newer entry stands for it).
 *
 * @param deliveryId the delivery
 * @param source its record on the DLQ
 */
record DeadLetterIndex(String deliveryId, StoredDelivery.Source source) {

	static byte[] entry(String deliveryId, StoredDelivery.Source source) {
		return HistoryJson.write(new DeadLetterIndex(deliveryId, source));
	}

	static DeadLetterIndex read(byte[] entry) {
		return HistoryJson.read(entry, DeadLetterIndex.class);
	}

	/** Whether the delivery is still this dead letter. */
	boolean current(StoredDelivery delivery) {
		return this.source.equals(delivery.source());
	}

	/**
	 * Whether the delivery was dead-lettered again since: a newer entry stands for it.
	 */
	boolean superseded(StoredDelivery delivery) {
		StoredDelivery.Source now = delivery.source();
		return now != null && !current(delivery) && now.topic().equals(this.source.topic());
	}

}
