package dev.hookline.cli.tenants;

import java.util.concurrent.Callable;

import dev.hookline.cli.api.ApiClient;
import dev.hookline.cli.support.Json;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
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

		@Mixin
		OperatorCall call = new OperatorCall();

		@Parameters(index = "0", paramLabel = "ID", description = "The tenant id: 1 to 64 of A-Z a-z 0-9 _ . -")
		String id = "";

		@Option(names = "--name", paramLabel = "NAME", description = "A display name.")
		@Nullable String name;

		@Override
		public Integer call() throws InterruptedException {
			ObjectNode body = Json.object().put("id", this.id);
			if (this.name != null) {
				body.put("name", this.name);
			}
			JsonNode created = this.call.post("/v1/tenants", body);
			String id = created.path("id").asString("");
			return this.call.print(created, (out) -> out.println("Created tenant " + id
					+ ". Issue its keys with: hookline keys issue --tenant " + id + " --role producer|admin"));
		}

	}

	/** {@code hookline tenants list}: {@code GET /v1/tenants}, every page of it. */
	@Command(name = "list", description = "List the tenants created at run time, sorted by id.")
	static final class List implements Callable<Integer> {

		@Mixin
		OperatorCall call = new OperatorCall();

		@Override
		public Integer call() throws InterruptedException {
			return this.call.list("/v1/tenants", "No tenants created at run time (configured ones are not listed).",
					new String[] { "ID", "NAME", "CREATED" }, "id", "name", "createdAt");
		}

	}

	/** {@code hookline tenants get <id>}: {@code GET /v1/tenants/{id}}. */
	@Command(name = "get", description = "Show one tenant.")
	static final class Get implements Callable<Integer> {

		@Mixin
		OperatorCall call = new OperatorCall();

		@Parameters(index = "0", paramLabel = "ID", description = "The tenant id.")
		String id = "";

		@Override
		public Integer call() throws InterruptedException {
			JsonNode tenant = this.call.get("/v1/tenants/" + ApiClient.segment(this.id));
			return this.call.print(tenant,
					(out) -> OperatorCall.facts(out, tenant, "Tenant", "id", "name", "createdAt"));
		}

	}

}
