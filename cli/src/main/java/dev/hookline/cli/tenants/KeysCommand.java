package dev.hookline.cli.tenants;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

import dev.hookline.cli.api.ApiClient;
import dev.hookline.cli.support.Durations;
import dev.hookline.cli.support.Json;
import dev.hookline.cli.support.Table;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code hookline keys issue|list|get|rotate|revoke}: a tenant's API keys, over
 * {@code /v1/tenants/{tenant}/keys} with the operator key. A key is printed once, when
 * issued; every ingest instance accepts or refuses it within seconds, without a restart.
 */
@Command(name = "keys",
		description = "Issue, list, rotate and revoke a tenant's API keys through the HTTP API (operator key).",
		subcommands = { KeysCommand.Issue.class, KeysCommand.List.class, KeysCommand.Get.class,
				KeysCommand.Rotate.class, KeysCommand.Revoke.class })
public final class KeysCommand {

	private KeysCommand() {
	}

	/** A key just issued: the key itself, its expiry, and that it is shown once. */
	static void showKey(PrintWriter out, String title, JsonNode issued) {
		Table facts = new Table(title, issued.path("key").asString(""));
		facts.row("Expires", issued.path("expiresAt").asString("never"));
		facts.print(out);
		out.println("Store the key now: Hookline keeps only its hash and never shows it again.");
	}

	/** The tenant and the id of one of its keys. */
	static final class OneKey {

		@Mixin
		TenantOption tenant = new TenantOption();

		@Parameters(index = "0", paramLabel = "KEY_ID", description = "The key's id, key_...")
		String id = "";

		String path() {
			return this.tenant.keys() + "/" + ApiClient.segment(this.id);
		}

	}

	/** The tenant option every subcommand takes. */
	static final class TenantOption {

		@Option(names = "--tenant", paramLabel = "TENANT", required = true, description = "The tenant id.")
		String tenant = "";

		String keys() {
			return "/v1/tenants/" + ApiClient.segment(this.tenant) + "/keys";
		}

	}

	/** {@code hookline keys issue}: {@code POST /v1/tenants/{tenant}/keys}. */
	@Command(name = "issue", description = { "Issue a producer or admin key. Prints the key, shown only this once.", "",
			"Example: hookline keys issue --tenant acme --role producer --name checkout --expires-in 90d" })
	static final class Issue implements Callable<Integer> {

		@Mixin
		OperatorCall call = new OperatorCall();

		@Mixin
		TenantOption tenant = new TenantOption();

		@Option(names = "--role", paramLabel = "ROLE", required = true, description = "producer or admin.")
		String role = "";

		@Option(names = "--name", paramLabel = "NAME", description = "What the key is for.")
		@Nullable String name;

		@Option(names = "--expires-in", paramLabel = "DURATION", converter = Durations.class,
				description = "Refused after this long: seconds, or 90s, 30m, 24h, 90d (default: never).")
		@Nullable Duration expiresIn;

		@Override
		public Integer call() throws InterruptedException {
			ObjectNode body = Json.object().put("role", this.role);
			if (this.name != null) {
				body.put("name", this.name);
			}
			if (this.expiresIn != null) {
				body.put("expiresIn", this.expiresIn.toSeconds());
			}
			JsonNode issued = this.call.post(this.tenant.keys(), body);
			return this.call.print(issued, (out) -> {
				out.println("Issued " + issued.path("role").asString("") + " key " + issued.path("id").asString("")
						+ " for tenant " + issued.path("tenant").asString("") + ".");
				showKey(out, "Key", issued);
			});
		}

	}

	/** {@code hookline keys list}: {@code GET /v1/tenants/{tenant}/keys}, every page. */
	@Command(name = "list", description = "List a tenant's issued keys, oldest first, revoked and expired ones too.")
	static final class List implements Callable<Integer> {

		@Mixin
		OperatorCall call = new OperatorCall();

		@Mixin
		TenantOption tenant = new TenantOption();

		@Override
		public Integer call() throws InterruptedException {
			return this.call.list(this.tenant.keys(), "No keys issued to " + this.tenant.tenant + ".",
					new String[] { "ID", "ROLE", "STATUS", "NAME", "CREATED", "EXPIRES" }, "id", "role", "status",
					"name", "createdAt", "expiresAt");
		}

	}

	/** {@code hookline keys get <id>}: {@code GET /v1/tenants/{tenant}/keys/{id}}. */
	@Command(name = "get", description = "Show one key, without the key itself.")
	static final class Get implements Callable<Integer> {

		@Mixin
		OperatorCall call = new OperatorCall();

		@Mixin
		OneKey key = new OneKey();

		@Override
		public Integer call() throws InterruptedException {
			JsonNode shown = this.call.get(this.key.path());
			return this.call.print(shown, (out) -> OperatorCall.facts(out, shown, "Key", "id", "tenant", "role",
					"status", "name", "createdAt", "expiresAt", "revokedAt", "replacedBy"));
		}

	}

	/**
	 * {@code hookline keys rotate <id>}: {@code POST
	 * /v1/tenants/{tenant}/keys/{id}/rotate}.
	 */
	@Command(name = "rotate",
			description = { "Issue a key in place of this one, with its role, name and lifetime. The old key keeps "
					+ "working until --expires-in has passed, so producers can switch. Prints the new key, shown "
					+ "only this once.", "",
					"Example: hookline keys rotate --tenant acme key_3f9c0a1b2c3d --expires-in 2h" })
	static final class Rotate implements Callable<Integer> {

		@Mixin
		OperatorCall call = new OperatorCall();

		@Mixin
		OneKey key = new OneKey();

		@Option(names = "--expires-in", paramLabel = "DURATION", converter = Durations.class,
				description = "How long the old key keeps working: seconds, or 90s, 30m, 24h, 7d "
						+ "(0 refuses it at once; default: the server's, 24h).")
		@Nullable Duration expiresIn;

		@Override
		public Integer call() throws InterruptedException {
			ObjectNode body = (this.expiresIn != null) ? Json.object().put("expiresIn", this.expiresIn.toSeconds())
					: null;
			JsonNode rotated = this.call.post(this.key.path() + "/rotate", body);
			return this.call.print(rotated, (out) -> {
				out.println("Rotated " + this.key.id + ": its replacement is "
						+ rotated.path("key").path("id").asString("") + "; the old key works until "
						+ rotated.path("previous").path("expiresAt").asString("") + ".");
				showKey(out, "New key", rotated.path("key"));
			});
		}

	}

	/**
	 * {@code hookline keys revoke <id>}: {@code DELETE /v1/tenants/{tenant}/keys/{id}}.
	 */
	@Command(name = "revoke",
			description = { "Revoke a key: every ingest instance refuses it within seconds. It stays listed.", "",
					"Example: hookline keys revoke --tenant acme key_3f9c0a1b2c3d" })
	static final class Revoke implements Callable<Integer> {

		@Mixin
		OperatorCall call = new OperatorCall();

		@Mixin
		OneKey key = new OneKey();

		@Override
		public Integer call() throws InterruptedException {
			this.call.delete(this.key.path());
			return this.call.print(Json.object().put("revoked", this.key.id),
					(out) -> out.println("Revoked key " + this.key.id + " of tenant " + this.key.tenant.tenant
							+ ". Every ingest instance refuses it within seconds."));
		}

	}

}
