package dev.hookline.cli.quarantine;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

import dev.hookline.cli.kafka.KafkaAccess;
import dev.hookline.cli.support.CliContext;
import dev.hookline.cli.support.CliException;
import dev.hookline.cli.support.ExitCode;
import dev.hookline.cli.support.Progress;
import dev.hookline.schemas.Quarantined;
import dev.hookline.schemas.Quarantines;
import dev.hookline.schemas.Topics;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hookline quarantine reinject}: writes quarantined records back, byte for byte,
 * to the topic and partition they were read from, for readers that can now read them
 * (after an upgrade), and removes them from the quarantine.
 */
@Command(name = "reinject", description = {
		"Write quarantined records back to the topic and partition they were read from, byte for "
				+ "byte with their key and headers (plus " + QuarantineWrites.REINJECTED_FROM + "), and remove them "
				+ "from the quarantine. Do it once their readers can decode them: 'hookline quarantine inspect ID' "
				+ "says whether this release does. A re-injected delivery keeps its webhook-id.",
		"",
		"Records of compacted topics (subscriptions, event types) are not re-injected: their readers read "
				+ "them again from the start once they can, and an old value written back could hide a "
				+ "newer one. Deliveries quarantined for tenant_mismatch, and events quarantined as invalid, are "
				+ "never re-injected.",
		"", "Examples:", "  hookline quarantine reinject hookline.deliveries-3@1042",
		"  hookline quarantine reinject --all --topic hookline.events --dry-run" })
final class QuarantineReinject implements Callable<Integer> {

	@Spec
	@Nullable CommandSpec spec;

	@Mixin
	Selection selection = new Selection();

	@Option(names = "--dry-run", description = "Show what would be re-injected; write nothing.")
	boolean dryRun;

	@Override
	public Integer call() throws InterruptedException {
		CommandSpec spec = Objects.requireNonNull(this.spec);
		CliContext context = CliContext.of(spec);
		PrintWriter out = spec.commandLine().getOut();
		try (KafkaAccess kafka = KafkaAccess.connect(context.kafka())) {
			List<QuarantineEntries.Entry> selected = this.selection.of(QuarantineEntries.read(kafka));
			Map<QuarantineEntries.Entry, String> refused = new LinkedHashMap<>();
			List<QuarantineEntries.Entry> planned = new ArrayList<>();
			for (QuarantineEntries.Entry entry : selected) {
				String why = whyNot(entry, kafka.topics());
				if (why != null) {
					refused.put(entry, why);
				}
				else {
					planned.add(entry);
				}
			}
			if (!this.selection.all && !refused.isEmpty()) {
				Map.Entry<QuarantineEntries.Entry, String> first = refused.entrySet().iterator().next();
				throw CliException.usage("cannot re-inject " + first.getKey().id() + ": " + first.getValue());
			}
			refused.forEach((entry, why) -> out.println("Left in quarantine: " + entry.id() + ": " + why));
			if (planned.isEmpty()) {
				out.println("Nothing to re-inject.");
				return ExitCode.OK;
			}
			if (this.dryRun) {
				out.println("Dry run: would re-inject " + planned.size() + " quarantined records:");
				EntryView.table(planned).print(out);
				out.println("Nothing was written.");
				return ExitCode.OK;
			}
			Map<String, Integer> partitions = partitions(kafka, planned);
			Progress progress = Progress.start(context.progress(), spec.commandLine().getErr(), "Re-injecting",
					planned.size());
			try (QuarantineWrites writes = new QuarantineWrites(kafka)) {
				for (int i = 0; i < planned.size(); i++) {
					QuarantineEntries.Entry entry = planned.get(i);
					writes.reinject(entry, partitions.get(entry.value().getOriginTopic()));
					writes.remove(entry);
					progress.update(i + 1);
				}
			}
			progress.finish(planned.size());
			out.println("Re-injected " + planned.size() + " quarantined records into the topics they were read from.");
		}
		return ExitCode.OK;
	}

	/** Why an entry may not be re-injected; null when it may. */
	static @Nullable String whyNot(QuarantineEntries.Entry entry, Topics topics) {
		Quarantined value = entry.value();
		if (Quarantines.TENANT_MISMATCH.equals(value.getReason())) {
			return "a delivery whose tenant is not its subscription's is never sent; discard it";
		}
		if (Quarantines.INVALID.equals(value.getReason())) {
			return "its reader read it and could not process it; written back, it would fail the same way: "
					+ "publish a corrected copy, then discard it";
		}
		if (topics.compacted(value.getOriginTopic())) {
			return value.getOriginTopic() + " is compacted: its readers read it again from the start once they "
					+ "can decode it, and an old value written back could hide a newer one; discard it once they do";
		}
		if (value.getValueSize() < 0) {
			return "a record without a value has nothing to deliver; discard it";
		}
		if (!entry.valueKept()) {
			return "its value (" + value.getValueSize() + " bytes) was too large to keep in the quarantine; it is "
					+ "still in " + value.getOriginTopic() + " for as long as that topic keeps it";
		}
		return null;
	}

	private static Map<String, Integer> partitions(KafkaAccess kafka, List<QuarantineEntries.Entry> planned) {
		Map<String, Integer> partitions = new LinkedHashMap<>();
		for (QuarantineEntries.Entry entry : planned) {
			String topic = entry.value().getOriginTopic();
			if (!partitions.containsKey(topic)) {
				partitions.put(topic, describe(kafka, topic).partitions().size());
			}
		}
		return partitions;
	}

	private static TopicDescription describe(KafkaAccess kafka, String topic) {
		try {
			return kafka.admin()
				.describeTopics(List.of(topic))
				.allTopicNames()
				.get(KafkaAccess.TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
				.get(topic);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
				throw CliException.notFound("topic " + topic + " no longer exists: nowhere to re-inject into");
			}
			throw CliException.failed("cannot describe topic " + topic, ex.getCause());
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw CliException.unreachable("Kafka stopped answering", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw CliException.failed("interrupted", ex);
		}
	}

}
