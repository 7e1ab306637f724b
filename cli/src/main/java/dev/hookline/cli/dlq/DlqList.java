package dev.hookline.cli.dlq;

import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

import dev.hookline.cli.api.ApiClient;
import dev.hookline.cli.kafka.KafkaAccess;
import dev.hookline.cli.support.CliContext;
import dev.hookline.cli.support.CliException;
import dev.hookline.cli.support.ExitCode;
import dev.hookline.cli.support.Json;
import dev.hookline.cli.support.Table;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code hookline dlq list}: the dead letters that match the filters, newest first. By
 * default from the delivery history ({@code GET /v1/dead-letters}, the admin key's
 * tenant, the history's retention), which reads an index rather than the DLQ;
 * {@code --from-topic} reads the DLQ topic itself: every tenant, its whole retention, and
 * the marks of {@code dlq replay}.
 */
@Command(name = "list", description = { "List dead-lettered deliveries, newest first.", "",
		"By default from the delivery history (the admin API, the key's tenant); --from-topic reads the DLQ topic.", "",
		"Example: hookline dlq list --subscription sub_42 --since 2h --status 5xx" })
final class DlqList implements Callable<Integer> {

	@Spec
	@Nullable CommandSpec spec;

	@Mixin
	FilterOptions filters = new FilterOptions();

	@Option(names = "--limit", paramLabel = "N", defaultValue = "100",
			description = "Show at most N deliveries (default ${DEFAULT-VALUE}).")
	int limit;

	@Option(names = "--from-topic",
			description = "Read the DLQ topic (Kafka access, every tenant, its whole retention) "
					+ "instead of the delivery history.")
	boolean fromTopic;

	@Option(names = "--json", description = "Print one JSON document instead of a table.")
	boolean json;

	@Override
	public Integer call() throws InterruptedException {
		CommandSpec spec = Objects.requireNonNull(this.spec);
		DeadLetterFilter filter = this.filters.filter();
		if (this.limit < 1) {
			throw CliException.usage("--limit must be at least 1, was " + this.limit);
		}
		PrintWriter out = spec.commandLine().getOut();
		if (!this.fromTopic) {
			fromHistory(ApiClient.admin(CliContext.of(spec)), filter, out);
			return ExitCode.OK;
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
			if (this.json) {
				printJson(out, letters, newestFirst, marks, replayed);
			}
			else {
				printTable(out, letters, newestFirst, marks, replayed);
			}
		}
		return ExitCode.OK;
	}

	/** Pages through {@code GET /v1/dead-letters} until {@code --limit} entries. */
	private void fromHistory(ApiClient api, DeadLetterFilter filter, PrintWriter out) throws InterruptedException {
		ArrayNode shown = Json.array();
		String next = null;
		do {
			int page = Math.min(this.limit - shown.size(), 500);
			ApiClient.Listing listing = api.list("/v1/dead-letters", "?limit=" + page + query(filter), next, false);
			listing.data().forEach(shown::add);
			next = listing.next();
		}
		while (next != null && shown.size() < this.limit);
		if (this.json) {
			ObjectNode root = Json.object();
			root.set("data", shown);
			root.put("next", next);
			Json.print(out, root);
			return;
		}
		if (shown.isEmpty()) {
			out.println("No dead-lettered deliveries match in the delivery history.");
		}
		else {
			Table table = new Table("DELIVERY ID", "SUBSCRIPTION", "EVENT TYPE", "ATTEMPTS", "DEAD-LETTERED",
					"LAST OUTCOME", "REASON", "NOW");
			for (JsonNode entry : shown) {
				String outcome = entry.path("lastStatus").isNumber() ? "HTTP " + entry.path("lastStatus").asString()
						: entry.path("lastError").asString("");
				String now = entry.path("state").asString("")
						+ (entry.path("replayed").asBoolean() ? " (replayed)" : "");
				table.row(entry.path("deliveryId").asString(""), entry.path("subscriptionId").asString(""),
						entry.path("eventType").asString(""), entry.path("attempts").asString(""),
						entry.path("deadLetteredAt").asString(""), outcome, entry.path("reason").asString(""), now);
			}
			table.print(out);
			out.println(shown.size() + " dead-lettered " + plural(shown.size()) + " shown, newest first.");
		}
		if (next != null) {
			out.println("More match; --limit shows more.");
		}
		out.flush();
	}

	private static String query(DeadLetterFilter filter) {
		return ApiClient.parameters("subscription", String.join(",", filter.subscriptions()), "eventType",
				String.join(",", filter.eventTypes()), "status", String.join(",", filter.statuses()), "since",
				(filter.since() != null) ? filter.since().toString() : null, "until",
				(filter.until() != null) ? filter.until().toString() : null);
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
