package dev.hookline.cli.events;

import java.io.PrintWriter;
import java.util.Objects;
import java.util.concurrent.Callable;

import dev.hookline.cli.api.ApiClient;
import dev.hookline.cli.support.CliContext;
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

/**
 * {@code hookline events show <event-id>}: {@code GET /v1/events/{id}}, the event's
 * delivery to each subscription, with its state; an unknown id is a not-found error.
 */
@Command(name = "show", description = { "Show where one event went: its delivery to each subscription (admin key).", "",
		"Example: hookline events show evt_2f1c…" })
final class EventsShow implements Callable<Integer> {

	@Spec
	@Nullable CommandSpec spec;

	@Parameters(index = "0", paramLabel = "EVENT-ID", description = "The event id.")
	String eventId = "";

	@Option(names = "--json", description = "Print the API's answer as JSON.")
	boolean json;

	@Override
	public Integer call() throws InterruptedException {
		CommandSpec spec = Objects.requireNonNull(this.spec);
		JsonNode event = Objects.requireNonNull(
				ApiClient.admin(CliContext.of(spec)).get("/v1/events/" + ApiClient.segment(this.eventId.strip())),
				"an empty answer");
		PrintWriter out = spec.commandLine().getOut();
		if (this.json) {
			Json.print(out, event);
			return ExitCode.OK;
		}
		out.println("Event " + event.path("id").asString("") + " (" + event.path("type").asString("") + ")");
		Table table = new Table("SUBSCRIPTION", "DELIVERY", "STATE", "ATTEMPTS", "LAST", "NEXT AT");
		for (JsonNode delivery : event.path("deliveries")) {
			JsonNode attempts = delivery.path("attempts");
			JsonNode last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
			String answer = (last == null) ? ""
					: last.path("status").isNumber() ? last.path("status").asString() : last.path("error").asString("");
			table.row(delivery.path("subscriptionId").asString(""), delivery.path("id").asString(""),
					delivery.path("state").asString(""), attempts.size(), answer,
					delivery.path("nextAttemptAt").asString(""));
		}
		table.print(out);
		out.flush();
		return ExitCode.OK;
	}

}
