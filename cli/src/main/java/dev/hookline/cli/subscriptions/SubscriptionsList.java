package dev.hookline.cli.subscriptions;

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
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code hookline subscriptions list}: {@code GET /v1/subscriptions}, page by page. */
@Command(name = "list", description = { "List the tenant's subscriptions, sorted by id.", "",
		"Example: hookline subscriptions list --all" })
final class SubscriptionsList implements Callable<Integer> {

	@Spec
	@Nullable CommandSpec spec;

	@Option(names = "--limit", paramLabel = "N", defaultValue = "50",
			description = "Subscriptions per page, 1-500 (default ${DEFAULT-VALUE}).")
	int limit;

	@Option(names = "--after", paramLabel = "ID", description = "Start after this subscription id.")
	@Nullable String after;

	@Option(names = "--active", description = "Only active subscriptions.")
	boolean active;

	@Option(names = "--inactive", description = "Only inactive subscriptions.")
	boolean inactive;

	@Option(names = "--url", paramLabel = "TEXT", description = "Only those whose URL contains this (any case).")
	@Nullable String url;

	@Option(names = "--event-type", paramLabel = "TYPE", description = "Only those that receive this event type.")
	@Nullable String eventType;

	@Option(names = "--last-status", paramLabel = "STATUS",
			description = "Only those whose latest attempt left its delivery delivered, failing, dead_lettered; "
					+ "or none.")
	@Nullable String lastStatus;

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
		if (this.active && this.inactive) {
			throw CliException.usage("--active and --inactive exclude each other");
		}
		ApiClient api = ApiClient.admin(CliContext.of(spec));
		ApiClient.Listing listing = api.list("/v1/subscriptions", "?limit=" + this.limit + filters(), this.after,
				this.all);
		print(spec.commandLine().getOut(), listing.data(), listing.next());
		return ExitCode.OK;
	}

	private String filters() {
		return ApiClient.parameters("active", (this.active || this.inactive) ? String.valueOf(this.active) : null,
				"url", this.url, "eventType", this.eventType, "lastStatus", this.lastStatus);
	}

	private void print(PrintWriter out, ArrayNode data, @Nullable String next) {
		if (this.json) {
			ObjectNode root = Json.object();
			root.set("data", data);
			root.put("next", next);
			Json.print(out, root);
			return;
		}
		if (data.isEmpty()) {
			out.println("No subscriptions.");
		}
		else {
			Table table = new Table("ID", "URL", "EVENT TYPES", "ACTIVE", "VERSION", "DESCRIPTION");
			for (JsonNode s : data) {
				table.row(s.path("id").asString(""), s.path("url").asString(""), joined(s.path("eventTypes")),
						s.path("active").asBoolean(true) ? "yes" : "no", s.path("version").asString(""),
						s.path("description").asString(""));
			}
			table.print(out);
		}
		if (next != null) {
			out.println("More: hookline subscriptions list --after " + next + " (or --all)");
		}
		out.flush();
	}

	static String joined(JsonNode array) {
		StringBuilder text = new StringBuilder();
		array.forEach((item) -> text.append((text.length() > 0) ? "," : "").append(item.asString("")));
		return text.toString();
	}

}
