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
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code hookline event-types list}: {@code GET /v1/event-types}, every page of it.
 */
@Command(name = "list", description = { "List the tenant's event types, sorted by name.", "",
		"Example: hookline event-types list --module billing" })
final class EventTypesList implements Callable<Integer> {

	private static final int PAGE = 500;

	@Spec
	@Nullable CommandSpec spec;

	@Option(names = "--module", paramLabel = "MODULE", description = "Only the event types of this module.")
	@Nullable String module;

	@Option(names = "--include-deprecated", description = "List deprecated event types too.")
	boolean includeDeprecated;

	@Option(names = "--json", description = "Print one JSON document: {\"data\":[...]}.")
	boolean json;

	@Override
	public Integer call() throws InterruptedException {
		CommandSpec spec = Objects.requireNonNull(this.spec);
		ApiClient api = ApiClient.admin(CliContext.of(spec));
		ArrayNode data = api.list("/v1/event-types", query(), null, true).data();
		print(spec.commandLine().getOut(), data);
		return ExitCode.OK;
	}

	private String query() {
		StringBuilder query = new StringBuilder("?limit=" + PAGE);
		if (this.module != null) {
			query.append("&module=").append(ApiClient.segment(this.module));
		}
		if (this.includeDeprecated) {
			query.append("&includeDeprecated=true");
		}
		return query.toString();
	}

	private void print(PrintWriter out, ArrayNode data) {
		if (this.json) {
			ObjectNode root = Json.object();
			root.set("data", data);
			Json.print(out, root);
			return;
		}
		if (data.isEmpty()) {
			out.println("No event types.");
		}
		else {
			Table table = new Table("NAME", "MODULE", "VERSION", "SCHEMA", "DEPRECATED", "DESCRIPTION");
			for (JsonNode type : data) {
				table.row(type.path("name").asString(""), type.path("module").asString(""),
						type.path("version").asString(""), type.path("schema").isObject() ? "yes" : "no",
						type.path("deprecated").asBoolean(false) ? "yes" : "no", type.path("description").asString(""));
			}
			table.print(out);
		}
		out.flush();
	}

}
