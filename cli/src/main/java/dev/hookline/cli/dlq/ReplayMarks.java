package dev.hookline.cli.dlq;

import java.util.HashMap;
import java.util.Map;

import dev.hookline.cli.kafka.KafkaAccess;
import dev.hookline.schemas.ReplayMark;
import org.jspecify.annotations.Nullable;

/**
 * The replay log as it stands: which DLQ records earlier replay runs re-published, by
 * {@code partition:offset}.
 */
final class ReplayMarks {

	private final Map<String, ReplayMark> marks;

	private ReplayMarks(Map<String, ReplayMark> marks) {
		this.marks = marks;
	}

	static ReplayMarks read(KafkaAccess kafka) {
		Map<String, ReplayMark> marks = new HashMap<>();
		kafka.readAll(kafka.topics().replays(), (record) -> {
			if (record.key() == null) {
				return;
			}
			if (record.value() != null) {
				marks.put(record.key(), record.value());
			}
			else {
				marks.remove(record.key());
			}
		});
		return new ReplayMarks(marks);
	}

	static ReplayMarks none() {
		return new ReplayMarks(Map.of());
	}

	@Nullable ReplayMark of(DeadLetter letter) {
		return this.marks.get(letter.markKey());
	}

	boolean replayed(DeadLetter letter) {
		return this.marks.containsKey(letter.markKey());
	}

}
