package dev.hookline.cli.quarantine;

import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

import dev.hookline.cli.kafka.KafkaAccess;
import dev.hookline.cli.support.CliContext;
import dev.hookline.cli.support.ExitCode;
import dev.hookline.cli.support.Json;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hookline quarantine inspect <id>}: one quarantined record whole: where it was
 * read, why, its key, headers and bytes, and whether this release decodes it now.
 */
@Command(name = "inspect",
		description = {
				"Show one quarantined record: where it was read, why it was quarantined, its key, headers "
						+ "and value, and whether this release's schemas decode it now.",
				"", "Example: hookline quarantine inspect hookline.deliveries-3@1042" })
final class QuarantineInspect implements Callable<Integer> {

	@Spec
	@Nullable CommandSpec spec;

	@Parameters(index = "0", paramLabel = "ID", description = "The record's id, as listed: topic-partition@offset.")
	String id = "";

	@Option(names = "--json", description = "Print one JSON document, with the key and value whole in base64.")
	boolean json;

	@Override
	public Integer call() {
		CommandSpec spec = Objects.requireNonNull(this.spec);
		try (KafkaAccess kafka = KafkaAccess.connect(CliContext.of(spec).kafka())) {
			QuarantineEntries.Entry entry = QuarantineEntries.read(kafka).require(List.of(this.id.strip())).get(0);
			PrintWriter out = spec.commandLine().getOut();
			if (this.json) {
				Json.print(out, EntryView.json(entry, kafka.topics(), true));
			}
			else {
				EntryView.describe(out, entry, kafka.topics());
			}
		}
		return ExitCode.OK;
	}

}
