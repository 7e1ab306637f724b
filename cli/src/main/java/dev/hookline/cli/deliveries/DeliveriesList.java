package dev.hookline.cli.deliveries;

import java.io.PrintWriter;
import java.util.Objects;
import java.util.concurrent.Callable;

import dev.hookline.cli.api.ApiClient;
import dev.hookline.cli.support.CliContext;
import dev.hookline.cli.support.CliException;
import dev.hookline.cli.support.ExitCode;
import dev.hookline.cli.support.Json;
import dev.hookline.cli.support.Table;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code hookline deliveries list <subscription-id>}: {@code GET
 * /v1/subscriptions/{id}/events}, the subscription's event history, newest first.
 */
@Command(name = "list", description = { "List a subscription's deliveries, newest first, with their state.", "",
		"Example: hookline deliveries list sub_3f… --status dead_lettered --since 2026-12-01T00:00:00Z" })
final class DeliveriesList implements Callable<Integer> {

	@Spec
	@Nullable CommandSpec spec;

	@Parameters(index = "0", paramLabel = "SUBSCRIPTION-ID", description = "The subscription.")
	String subscription = "";

	@Option(names = "--status", paramLabel = "STATE",
			description = "Only deliveries in this state: pending, retrying, delivered, dead_lettered, dropped.")
	@Nullable String status;

	@Option(names = "--event-type", paramLabel = "TYPE", description = "Only deliveries of this event type.")
	@Nullable String eventType;

	@Option(names = "--since", paramLabel = "INSTANT", description = "Only deliveries from this ISO-8601 instant.")
	@Nullable String since;

	@Option(names = "--until", paramLabel = "INSTANT", description = "Only deliveries before this ISO-8601 instant.")
	@Nullable String until;

	@Option(names = "--limit", paramLabel = "N", defaultValue = "50",
			description = "Deliveries per page, 1 to 500 (default ${DEFAULT-VALUE}).")
	int limit;

	@Option(names = "--after", paramLabel = "CURSOR", description = "Start after this cursor (a page's 'More:' line).")
	@Nullable String after;

	@Option(names = "--all", description = "Fetch every page.")
	boolean all;

	@Option(names = "--json", description = "Print one JSON document: {\"data\":[...],\"next\":...}.")
	boolean json;

	@Override
	public Integer call() throws InterruptedException {
		CommandSpec spec = Objects.requireNonNull(this.spec);
		if (this.limit < 1 || this.limit > 500) {
			throw CliException.usage("--limit must be between 1 and 500, was " + this.limit);
		}
		ApiClient api = ApiClient.admin(CliContext.of(spec));
		ApiClient.Listing listing = api.list(
				"/v1/subscriptions/" + ApiClient.segment(this.subscription.strip()) + "/events",
				"?limit=" + this.limit + filters(), this.after, this.all);
		PrintWriter out = spec.commandLine().getOut();
		if (this.json) {
			ObjectNode root = Json.object();
			root.set("data", listing.data());
			root.put("next", listing.next());
			Json.print(out, root);
			return ExitCode.OK;
		}
		if (listing.data().isEmpty()) {
			out.println("No deliveries.");
		}
		else {
			Table table = new Table("DELIVERY", "EVENT", "TYPE", "STATE", "ATTEMPTS", "LAST", "LAST AT", "NEXT AT");
			for (JsonNode entry : listing.data()) {
				String last = entry.path("lastStatus").isNumber() ? entry.path("lastStatus").asString()
						: entry.path("lastError").asString("");
				table.row(entry.path("deliveryId").asString(""), entry.path("eventId").asString(""),
						entry.path("eventType").asString(""), entry.path("state").asString(""),
						entry.path("attempts").asString(""), last, entry.path("lastAttemptAt").asString(""),
						entry.path("nextAttemptAt").asString(""));
			}
			table.print(out);
		}
		if (listing.next() != null) {
			out.println("More: hookline deliveries list " + this.subscription.strip() + " --after " + listing.next()
					+ " (or --all)");
		}
		out.flush();
		return ExitCode.OK;
	}

	private String filters() {
		return ApiClient.parameters("status", this.status, "eventType", this.eventType, "since", this.since, "until",
				this.until);
	}

}
