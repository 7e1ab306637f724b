package dev.hookline.cli.eventtypes;

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
 * {@code hookline event-types get <name>}: {@code GET /v1/event-types/{name}}; an unknown
 * name is a not-found error.
 */
@Command(name = "get", description = { "Show one event type with its JSON Schema.", "",
		"Example: hookline event-types get invoice.paid" })
final class EventTypesGet implements Callable<Integer> {

	@Spec
	@Nullable CommandSpec spec;

	@Parameters(index = "0", paramLabel = "NAME", description = "The event type.")
	String name = "";

	@Option(names = "--json", description = "Print the API's answer as JSON.")
	boolean json;

	@Override
	public Integer call() throws InterruptedException {
		CommandSpec spec = Objects.requireNonNull(this.spec);
		JsonNode found = Objects.requireNonNull(
				ApiClient.admin(CliContext.of(spec)).get("/v1/event-types/" + ApiClient.segment(this.name)),
				"an empty answer");
		PrintWriter out = spec.commandLine().getOut();
		if (this.json) {
			Json.print(out, found);
			return ExitCode.OK;
		}
		Table facts = new Table("Name", found.path("name").asString(""));
		facts.row("Module", found.path("module").asString(""));
		facts.row("Description", found.path("description").asString(""));
		facts.row("Deprecated", found.path("deprecated").asBoolean(false) ? "yes" : "no");
		facts.row("Version", found.path("version").asString(""));
		facts.row("Created", found.path("createdAt").asString(""));
		facts.row("Updated", found.path("updatedAt").asString(""));
		facts.print(out);
		JsonNode schema = found.path("schema");
		out.println(schema.isObject() ? "Schema:\n" + Json.pretty(schema) : "Schema: none");
		out.flush();
		return ExitCode.OK;
	}

}
