package dev.hookline.cli.quarantine;

import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

import dev.hookline.cli.kafka.KafkaAccess;
import dev.hookline.cli.support.CliContext;
import dev.hookline.cli.support.ExitCode;
import dev.hookline.cli.support.Progress;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hookline quarantine discard}: removes entries from the quarantine, their records
 * never to be read again.
 */
@Command(name = "discard",
		description = {
				"Remove quarantined records for good: nothing is written back. A record of a topic that "
						+ "its readers read again from the start (subscriptions, the delivery log) comes back if they "
						+ "still cannot decode it.",
				"", "Examples:", "  hookline quarantine discard hookline.deliveries-3@1042",
				"  hookline quarantine discard --all --reason tenant_mismatch --dry-run" })
final class QuarantineDiscard implements Callable<Integer> {

	@Spec
	@Nullable CommandSpec spec;

	@Mixin
	Selection selection = new Selection();

	@Option(names = "--dry-run", description = "Show what would be discarded; change nothing.")
	boolean dryRun;

	@Override
	public Integer call() throws InterruptedException {
		CommandSpec spec = Objects.requireNonNull(this.spec);
		CliContext context = CliContext.of(spec);
		PrintWriter out = spec.commandLine().getOut();
		try (KafkaAccess kafka = KafkaAccess.connect(context.kafka())) {
			List<QuarantineEntries.Entry> selected = this.selection.of(QuarantineEntries.read(kafka));
			if (selected.isEmpty()) {
				out.println("Nothing to discard: no quarantined records match.");
				return ExitCode.OK;
			}
			if (this.dryRun) {
				out.println("Dry run: would discard " + selected.size() + " quarantined records:");
				EntryView.table(selected).print(out);
				out.println("Nothing was changed.");
				return ExitCode.OK;
			}
			Progress progress = Progress.start(context.progress(), spec.commandLine().getErr(), "Discarding",
					selected.size());
			try (QuarantineWrites writes = new QuarantineWrites(kafka)) {
				for (int i = 0; i < selected.size(); i++) {
					writes.remove(selected.get(i));
					progress.update(i + 1);
				}
			}
			progress.finish(selected.size());
			out.println("Discarded " + selected.size() + " quarantined records.");
		}
		return ExitCode.OK;
	}

}
