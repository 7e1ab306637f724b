package dev.hookline.cli.quarantine;

import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

import dev.hookline.cli.kafka.KafkaAccess;
import dev.hookline.cli.support.CliContext;
import dev.hookline.cli.support.CliException;
import dev.hookline.cli.support.ExitCode;
import dev.hookline.cli.support.Json;
import dev.hookline.schemas.Topics;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code hookline quarantine list}: the quarantined records, newest first. */
@Command(name = "list",
		description = {
				"List quarantined records, newest first: records a Hookline service could not decode "
						+ "(reason undecodable), could not process (invalid) or would not trust (tenant_mismatch), "
						+ "each kept with its bytes.",
				"", "Example: hookline quarantine list --topic hookline.deliveries" })
final class QuarantineList implements Callable<Integer> {

	@Spec
	@Nullable CommandSpec spec;

	@Option(names = "--topic", paramLabel = "TOPIC", description = "Only records read from this topic.")
	@Nullable String topic;

	@Option(names = "--reason", paramLabel = "REASON",
			description = "Only this reason: undecodable, invalid, tenant_mismatch.")
	@Nullable String reason;

	@Option(names = "--limit", paramLabel = "N", defaultValue = "100",
			description = "Show at most N records (default ${DEFAULT-VALUE}).")
	int limit;

	@Option(names = "--json", description = "Print one JSON document instead of a table.")
	boolean json;

	@Override
	public Integer call() {
		CommandSpec spec = Objects.requireNonNull(this.spec);
		if (this.limit < 1) {
			throw CliException.usage("--limit must be at least 1, was " + this.limit);
		}
		try (KafkaAccess kafka = KafkaAccess.connect(CliContext.of(spec).kafka())) {
			QuarantineEntries quarantine = QuarantineEntries.read(kafka);
			List<QuarantineEntries.Entry> matching = quarantine.matching(this.topic, this.reason);
			List<QuarantineEntries.Entry> shown = newestFirst(matching).stream().limit(this.limit).toList();
			PrintWriter out = spec.commandLine().getOut();
			if (this.json) {
				printJson(out, kafka.topics(), quarantine, matching, shown);
			}
			else {
				printTable(out, quarantine, matching, shown);
			}
		}
		return ExitCode.OK;
	}

	private static List<QuarantineEntries.Entry> newestFirst(List<QuarantineEntries.Entry> oldestFirst) {
		List<QuarantineEntries.Entry> reversed = new java.util.ArrayList<>(oldestFirst);
		java.util.Collections.reverse(reversed);
		return reversed;
	}

	private static void printJson(PrintWriter out, Topics topics, QuarantineEntries quarantine,
			List<QuarantineEntries.Entry> matching, List<QuarantineEntries.Entry> shown) {
		ObjectNode root = Json.object();
		root.put("total", quarantine.entries().size());
		root.put("matched", matching.size());
		root.put("shown", shown.size());
		root.put("unreadable", quarantine.unreadable());
		ArrayNode records = root.putArray("records");
		shown.forEach((entry) -> records.add(EntryView.json(entry, topics, false)));
		Json.print(out, root);
	}

	private static void printTable(PrintWriter out, QuarantineEntries quarantine,
			List<QuarantineEntries.Entry> matching, List<QuarantineEntries.Entry> shown) {
		if (shown.isEmpty()) {
			out.println("No quarantined records match (the quarantine holds " + quarantine.entries().size() + ").");
		}
		else {
			EntryView.table(shown).print(out);
			out.println(
					matching.size() + " quarantined " + ((matching.size() == 1) ? "record matches" : "records match")
							+ ((shown.size() < matching.size())
									? "; showing the newest " + shown.size() + " (--limit shows more)" : "")
							+ ". 'hookline quarantine inspect ID' shows one whole.");
		}
		if (quarantine.unreadable() > 0) {
			out.println(quarantine.unreadable() + " quarantine records could not be decoded by this CLI and were "
					+ "skipped: a newer release wrote them.");
		}
		out.flush();
	}

}
