package dev.hookline.cli.dlq;

import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

import dev.hookline.cli.kafka.KafkaAccess;
import dev.hookline.cli.support.CliContext;
import dev.hookline.cli.support.CliException;
import dev.hookline.cli.support.ExitCode;
import dev.hookline.cli.support.Json;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code hookline dlq list}: the dead letters that match the filters, newest first. */
@Command(name = "list", description = { "List dead-lettered deliveries, newest last attempt first.", "",
		"Example: hookline dlq list --subscription sub_42 --since 2h --status 5xx" })
final class DlqList implements Callable<Integer> {

	@Spec
	@Nullable CommandSpec spec;

	@Mixin
	FilterOptions filters = new FilterOptions();

	@Option(names = "--limit", paramLabel = "N", defaultValue = "100",
			description = "Show at most N deliveries (default ${DEFAULT-VALUE}).")
	int limit;

	@Option(names = "--json", description = "Print one JSON document instead of a table.")
	boolean json;

	@Override
	public Integer call() {
		CommandSpec spec = Objects.requireNonNull(this.spec);
		DeadLetterFilter filter = this.filters.filter();
		if (this.limit < 1) {
			throw CliException.usage("--limit must be at least 1, was " + this.limit);
		}
		try (KafkaAccess kafka = KafkaAccess.connect(CliContext.of(spec).kafka())) {
			kafka.requireTopics(kafka.topics().deadLetters(), kafka.topics().replays());
			ReplayMarks marks = ReplayMarks.read(kafka);
			DeadLetters letters = DeadLetters.read(kafka, filter);
			List<DeadLetter> newestFirst = letters.matching()
				.stream()
				.sorted(DeadLetters.OLDEST_FIRST.reversed())
				.limit(this.limit)
				.toList();
			long replayed = letters.matching().stream().filter(marks::replayed).count();
			PrintWriter out = spec.commandLine().getOut();
			if (this.json) {
				printJson(out, letters, newestFirst, marks, replayed);
			}
			else {
				printTable(out, letters, newestFirst, marks, replayed);
			}
		}
		return ExitCode.OK;
	}

	private static void printJson(PrintWriter out, DeadLetters letters, List<DeadLetter> shown, ReplayMarks marks,
			long replayed) {
		ObjectNode root = Json.object();
		root.put("matched", letters.matching().size());
		root.put("replayed", replayed);
		root.put("shown", shown.size());
		root.put("unreadable", letters.unreadable());
		ArrayNode deliveries = root.putArray("deliveries");
		shown.forEach((letter) -> deliveries.add(DeliveryView.json(letter, marks.of(letter), false)));
		Json.print(out, root);
	}

	private static void printTable(PrintWriter out, DeadLetters letters, List<DeadLetter> shown, ReplayMarks marks,
			long replayed) {
		if (shown.isEmpty()) {
			out.println("No dead-lettered deliveries match (the DLQ holds " + letters.total() + ").");
		}
		else {
			DeliveryView.table(shown, marks).print(out);
			int matched = letters.matching().size();
			out.println(matched + " dead-lettered " + plural(matched) + ((matched == 1) ? " matches, " : " match, ")
					+ replayed + " of them replayed.");
			if (shown.size() < letters.matching().size()) {
				out.println("Showing the newest " + shown.size() + "; --limit shows more.");
			}
		}
		if (letters.unreadable() > 0) {
			out.println(letters.unreadable() + " DLQ records could not be decoded and were skipped.");
		}
		out.flush();
	}

	static String plural(long count) {
		return (count == 1) ? "delivery" : "deliveries";
	}

}
