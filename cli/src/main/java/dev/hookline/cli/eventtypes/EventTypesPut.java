package dev.hookline.cli.eventtypes;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;

import dev.hookline.cli.api.ApiClient;
import dev.hookline.cli.support.CliContext;
import dev.hookline.cli.support.CliException;
import dev.hookline.cli.support.ExitCode;
import dev.hookline.cli.support.Json;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code hookline event-types put <name>}: {@code PUT /v1/event-types/{name}}, which
 * creates the event type or replaces all of it.
 */
@Command(name = "put",
		description = { "Create an event type, or replace it: options left out are cleared, and its version goes up.",
				"", "Example: hookline event-types put invoice.paid --module billing --schema-file invoice-paid.json" })
final class EventTypesPut implements Callable<Integer> {

	@Spec
	@Nullable CommandSpec spec;

	@Parameters(index = "0", paramLabel = "NAME", description = "The event type, e.g. invoice.paid.")
	String name = "";

	@Option(names = "--module", paramLabel = "MODULE", description = "The product area it belongs to.")
	@Nullable String module;

	@Option(names = "--description", paramLabel = "TEXT", description = "Free text, at most 1000 characters.")
	@Nullable String description;

	@Option(names = "--schema-file", paramLabel = "FILE",
			description = "A JSON Schema (draft 2020-12) of the event's data, at most 64 KiB.")
	@Nullable Path schemaFile;

	@Option(names = "--deprecated", description = "Mark it deprecated: producers should stop publishing it.")
	boolean deprecated;

	@Option(names = "--json", description = "Print the API's answer as JSON.")
	boolean json;

	@Override
	public Integer call() throws InterruptedException {
		CommandSpec spec = Objects.requireNonNull(this.spec);
		ObjectNode body = Json.object();
		body.put("module", this.module);
		body.put("description", this.description);
		body.set("schema", (this.schemaFile != null) ? schema(this.schemaFile) : null);
		body.put("deprecated", this.deprecated);
		JsonNode saved = Objects.requireNonNull(
				ApiClient.admin(CliContext.of(spec)).put("/v1/event-types/" + ApiClient.segment(this.name), body),
				"an empty answer");
		PrintWriter out = spec.commandLine().getOut();
		if (this.json) {
			Json.print(out, saved);
			return ExitCode.OK;
		}
		long version = saved.path("version").asLong(0);
		out.println(((version == 1) ? "Created" : "Replaced") + " event type " + saved.path("name").asString("")
				+ " (version " + version + ").");
		out.flush();
		return ExitCode.OK;
	}

	private static JsonNode schema(Path file) {
		String text;
		try {
			text = Files.readString(file);
		}
		catch (NoSuchFileException ex) {
			throw CliException.usage("the schema file " + file + " does not exist");
		}
		catch (IOException ex) {
			throw CliException.usage("cannot read the schema file " + file + ": " + ex);
		}
		JsonNode schema = Json.parse(text, "the schema file " + file);
		if (!schema.isObject()) {
			throw CliException.usage("the schema file " + file + " must hold a JSON object");
		}
		return schema;
	}

}
