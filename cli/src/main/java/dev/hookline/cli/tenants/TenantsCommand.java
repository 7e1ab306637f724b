package dev.hookline.cli.tenants;

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
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code hookline tenants create|list|get}: the tenants an operator created, over
 * {@code /v1/tenants} with the operator key.
 */
@Command(name = "tenants",
		description = "Create and list tenants through the HTTP API (operator key); 'hookline keys' issues their keys.",
		subcommands = { TenantsCommand.Create.class, TenantsCommand.List.class, TenantsCommand.Get.class })
public final class TenantsCommand {

	private TenantsCommand() {
	}

	/** {@code hookline tenants create <id>}: {@code POST /v1/tenants}. */
	@Command(name = "create", description = { "Create a tenant; then issue it keys with 'hookline keys issue'.", "",
			"Example: hookline tenants create acme --name \"Acme Inc.\"" })
	static final class Create implements Callable<Integer> {

		@Spec
		@Nullable CommandSpec spec;

		@Parameters(index = "0", paramLabel = "ID", description = "The tenant id: 1 to 64 of A-Z a-z 0-9 _ . -")
		String id = "";

		@Option(names = "--name", paramLabel = "NAME", description = "A display name.")
		@Nullable String name;

		@Option(names = "--json", description = "Print the API's answer as JSON.")
		boolean json;

		@Override
		public Integer call() throws InterruptedException {
			CommandSpec spec = Objects.requireNonNull(this.spec);
			ObjectNode body = Json.object().put("id", this.id);
			if (this.name != null) {
				body.put("name", this.name);
			}
			JsonNode created = Objects.requireNonNull(
					ApiClient.operator(CliContext.of(spec)).post("/v1/tenants", body, java.util.Map.of()),
					"an empty answer");
			String id = created.path("id").asString("");
			return Answer.print(spec, this.json, created, (out) -> out.println("Created tenant " + id
					+ ". Issue its keys with: hookline keys issue --tenant " + id + " --role producer|admin"));
		}

	}

	/** {@code hookline tenants list}: {@code GET /v1/tenants}, every page of it. */
	@Command(name = "list", description = "List the tenants created at run time, sorted by id.")
	static final class List implements Callable<Integer> {

		@Spec
		@Nullable CommandSpec spec;

		@Option(names = "--json", description = "Print one JSON document: {\"data\":[...]}.")
		boolean json;

		@Override
		public Integer call() throws InterruptedException {
			CommandSpec spec = Objects.requireNonNull(this.spec);
			ArrayNode data = ApiClient.operator(CliContext.of(spec))
				.list("/v1/tenants", "?limit=500", null, true)
				.data();
			PrintWriter out = spec.commandLine().getOut();
			if (this.json) {
				ObjectNode root = Json.object();
				root.set("data", data);
				Json.print(out, root);
				return ExitCode.OK;
			}
			if (data.isEmpty()) {
				out.println("No tenants created at run time (configured ones are not listed).");
			}
			else {
				Table table = new Table("ID", "NAME", "CREATED");
				data.forEach((tenant) -> table.row(tenant.path("id").asString(""), tenant.path("name").asString(""),
						tenant.path("createdAt").asString("")));
				table.print(out);
			}
			out.flush();
			return ExitCode.OK;
		}

	}

	/** {@code hookline tenants get <id>}: {@code GET /v1/tenants/{id}}. */
	@Command(name = "get", description = "Show one tenant.")
	static final class Get implements Callable<Integer> {

		@Spec
		@Nullable CommandSpec spec;

		@Parameters(index = "0", paramLabel = "ID", description = "The tenant id.")
		String id = "";

		@Option(names = "--json", description = "Print the API's answer as JSON.")
		boolean json;

		@Override
		public Integer call() throws InterruptedException {
			CommandSpec spec = Objects.requireNonNull(this.spec);
			JsonNode tenant = Objects.requireNonNull(
					ApiClient.operator(CliContext.of(spec)).get("/v1/tenants/" + ApiClient.segment(this.id)),
					"an empty answer");
			return Answer.print(spec, this.json, tenant,
					(out) -> Answer.facts(out, tenant, "Tenant", "id", "name", "createdAt"));
		}

	}

}
