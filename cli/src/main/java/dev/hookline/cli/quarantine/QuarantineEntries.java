package dev.hookline.cli.quarantine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hookline.cli.kafka.KafkaAccess;
import dev.hookline.cli.support.CliException;
import dev.hookline.schemas.Quarantined;
import org.jspecify.annotations.Nullable;

/**
 * The quarantine topic's live entries: the latest record of each id, less those removed
 * (re-injected or discarded), oldest first.
 *
 * @param entries the live entries, oldest quarantine first
 * @param unreadable quarantine records this CLI could not decode (a newer release wrote
 * them)
 */
record QuarantineEntries(List<Entry> entries, int unreadable) {

	static QuarantineEntries read(KafkaAccess kafka) {
		kafka.requireTopics(kafka.topics().quarantine());
		Map<String, Quarantined> live = new LinkedHashMap<>();
		int unreadable = kafka.readAll(kafka.topics().quarantine(), (scanned) -> {
			if (scanned.key() == null) {
				return;
			}
			if (scanned.value() == null) {
				live.remove(scanned.key());
			}
			else {
				live.put(scanned.key(), scanned.value());
			}
		});
		List<Entry> entries = new ArrayList<>();
		live.forEach((id, entry) -> entries.add(new Entry(id, entry)));
		entries.sort(Comparator.comparing((Entry entry) -> entry.value().getQuarantinedAt()));
		return new QuarantineEntries(List.copyOf(entries), unreadable);
	}

	/**
	 * The entries with these ids, in the order given; a not-found error for the first
	 * unknown.
	 */
	List<Entry> require(List<String> ids) {
		List<Entry> found = new ArrayList<>();
		for (String id : ids) {
			found.add(this.entries.stream()
				.filter((entry) -> entry.id().equals(id))
				.findFirst()
				.orElseThrow(() -> CliException.notFound("no quarantined record " + id
						+ " (ids look like hookline.deliveries-3@1042; 'hookline quarantine list' shows them)")));
		}
		return found;
	}

	/** The entries from one origin topic and for one reason, either filter optional. */
	List<Entry> matching(@Nullable String topic, @Nullable String reason) {
		return this.entries.stream()
			.filter((entry) -> topic == null || entry.value().getOriginTopic().equals(topic))
			.filter((entry) -> reason == null || entry.value().getReason().equals(reason))
			.toList();
	}

	/**
	 * One quarantined record.
	 *
	 * @param id where it was read: {@code topic-partition@offset}
	 * @param value what the quarantine holds of it
	 */
	record Entry(String id, Quarantined value) {

		/** Whether its value is kept here, so that it can be re-injected. */
		boolean valueKept() {
			return this.value.getValue() != null || this.value.getValueSize() < 0;
		}

	}

}
