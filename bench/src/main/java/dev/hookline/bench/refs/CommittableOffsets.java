package dev.hookline.bench.refs;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Per partition, the offsets handed out and the ones completed, and from them the offset
 * that is safe to commit: the one after the completed run that starts at the oldest
 * record handed out, so a commit never passes a record still in flight. Used by the
 * polling thread only.
 */
final class CommittableOffsets {

	private final Map<TopicPartition, Partition> partitions = new HashMap<>();

	private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();

	/** A record handed out; offsets of a partition arrive in increasing order. */
	void started(TopicPartition partition, long offset) {
		this.partitions.computeIfAbsent(partition, (p) -> new Partition()).pending.addLast(offset);
	}

	/** A record done with; advances its partition's committable offset when it can. */
	void completed(TopicPartition partition, long offset) {
		Partition progress = this.partitions.get(partition);
		if (progress == null) {
			// revoked meanwhile: its next owner delivers it again
			return;
		}
		progress.done.add(offset);
		long next = -1;
		while (!progress.pending.isEmpty() && progress.done.remove(progress.pending.peekFirst())) {
			next = progress.pending.pollFirst() + 1;
		}
		if (next >= 0) {
			this.uncommitted.put(partition, new OffsetAndMetadata(next));
		}
	}

	/** The offsets advanced since the last call, to commit now. */
	Map<TopicPartition, OffsetAndMetadata> drain() {
		Map<TopicPartition, OffsetAndMetadata> drained = Map.copyOf(this.uncommitted);
		this.uncommitted.clear();
		return drained;
	}

	/** Forgets a revoked partition; late completions for it advance nothing. */
	void forget(TopicPartition partition) {
		this.partitions.remove(partition);
		this.uncommitted.remove(partition);
	}

	private static final class Partition {

		private final ArrayDeque<Long> pending = new ArrayDeque<>();

		private final Set<Long> done = new HashSet<>();

	}

}
