package dev.hookline.cli.dlq;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

import dev.hookline.cli.kafka.KafkaAccess;
import dev.hookline.schemas.Delivery;

/**
 * The dead letters that match a filter, read from the whole DLQ topic as it stands.
 *
 * @param matching the matching records, oldest last attempt first
 * @param total every readable record of the topic
 * @param unreadable records that could not be decoded and were skipped
 */
record DeadLetters(List<DeadLetter> matching, int total, int unreadable) {

	static final Comparator<DeadLetter> OLDEST_FIRST = Comparator.comparing(DeadLetter::lastAttemptAt)
		.thenComparingInt(DeadLetter::partition)
		.thenComparingLong(DeadLetter::offset);

	static DeadLetters read(KafkaAccess kafka, Predicate<DeadLetter> filter) {
		List<DeadLetter> matching = new ArrayList<>();
		int[] total = { 0 };
		int unreadable = kafka.readAll(kafka.topics().deadLetters(), (record) -> {
			Delivery delivery = record.value();
			if (delivery == null) {
				return;
			}
			total[0]++;
			DeadLetter letter = new DeadLetter(record.partition(), record.offset(), record.timestamp(), delivery);
			if (filter.test(letter)) {
				matching.add(letter);
			}
		});
		matching.sort(OLDEST_FIRST);
		return new DeadLetters(List.copyOf(matching), total[0], unreadable);
	}

}
