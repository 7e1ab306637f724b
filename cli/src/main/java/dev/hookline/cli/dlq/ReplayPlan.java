package dev.hookline.cli.dlq;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a replay run will send: one item per delivery id, oldest first. A delivery that
 * sits in the DLQ more than once (it failed again after an earlier replay, or a worker
 * dead-lettered it twice) is sent once, as its newest record, and every one of its
 * records is marked.
 *
 * @param items the deliveries to send
 * @param matched the DLQ records that match the filters
 * @param alreadyReplayed how many of those an earlier run replayed
 */
record ReplayPlan(List<Item> items, int matched, int alreadyReplayed) {

	/**
	 * @param again whether records already replayed are included
	 */
	static ReplayPlan of(DeadLetters letters, ReplayMarks marks, boolean again) {
		Map<String, List<DeadLetter>> byDelivery = new LinkedHashMap<>();
		int replayed = 0;
		for (DeadLetter letter : letters.matching()) {
			boolean marked = marks.replayed(letter);
			replayed += marked ? 1 : 0;
			if (again || !marked) {
				byDelivery.computeIfAbsent(letter.deliveryId(), (id) -> new ArrayList<>()).add(letter);
			}
		}
		List<Item> items = byDelivery.values()
			.stream()
			.map((records) -> new Item(records.get(records.size() - 1), List.copyOf(records)))
			.toList();
		return new ReplayPlan(items, letters.matching().size(), replayed);
	}

	int size() {
		return this.items.size();
	}

	/**
	 * One delivery to send.
	 *
	 * @param newest the record whose delivery is sent
	 * @param records every matching DLQ record of it, each marked once it is sent
	 */
	record Item(DeadLetter newest, List<DeadLetter> records) {

	}

}
