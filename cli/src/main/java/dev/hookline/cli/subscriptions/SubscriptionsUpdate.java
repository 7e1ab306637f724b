package dev.hookline.cli.subscriptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;

import dev.hookline.cli.api.ApiClient;
import dev.hookline.cli.support.CliContext;
import dev.hookline.cli.support.CliException;
import dev.hookline.cli.support.ExitCode;
import dev.hookline.cli.support.Json;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code hookline subscriptions update <id>}: a JSON merge patch of the options given
 * ({@code PATCH /v1/subscriptions/{id}}); what is not given stays as it is.
 */
@Command(name = "update",
		description = { "Change a subscription: only the options given change. --header adds or replaces one header.",
				"", "Example: hookline subscriptions update sub_0b6f3c --inactive",
				"         hookline subscriptions update sub_0b6f3c --event-type 'invoice.*' --if-match 3" })
final class SubscriptionsUpdate implements Callable<Integer> {

	/** What {@code --clear} accepts, and the field each one clears. */
	private static final List<String> CLEARABLE = List.of("description", "filter", "fields", "headers", "rate-limit");

	@Spec
	@Nullable CommandSpec spec;

	@Parameters(index = "0", paramLabel = "ID", description = "The subscription id.")
	String id = "";

	@Option(names = "--url", paramLabel = "URL", description = "Where deliveries are POSTed.")
	@Nullable String url;

	@Option(names = "--event-type", split = ",", paramLabel = "TYPE",
			description = "Replaces the event types: exact (invoice.paid), a prefix (invoice.*) or *; repeatable.")
	List<String> eventTypes = new ArrayList<>();

	@Mixin
	FieldOptions fields = new FieldOptions();

	@Option(names = "--active", description = "Activate it (clears why Hookline disabled it).")
	boolean active;

	@Option(names = "--inactive", description = "Deactivate it: no deliveries until activated again.")
	boolean inactive;

	@Option(names = "--remove-header", paramLabel = "NAME", description = "Stop sending this header; repeatable.")
	List<String> removedHeaders = new ArrayList<>();

	@Option(names = "--clear", split = ",", paramLabel = "FIELD",
			description = "Clear: description, filter, fields, headers or rate-limit; repeatable.")
	List<String> cleared = new ArrayList<>();

	@Option(names = "--if-match", paramLabel = "VERSION",
			description = "Change it only if it is still at this version (else exit 1, nothing changed).")
	@Nullable String ifMatch;

	@Option(names = "--json", description = "Print the API's answer as JSON.")
	boolean json;

	@Override
	public Integer call() throws InterruptedException {
		CommandSpec spec = Objects.requireNonNull(this.spec);
		ObjectNode patch = patch();
		if (patch.isEmpty()) {
			throw CliException.usage("nothing to change: give at least one option (see --help)");
		}
		String version = (this.ifMatch != null && this.ifMatch.matches("[0-9]+")) ? "\"" + this.ifMatch + "\""
				: this.ifMatch;
		JsonNode changed = Objects.requireNonNull(ApiClient.admin(CliContext.of(spec))
			.patch("/v1/subscriptions/" + ApiClient.segment(this.id), patch, version));
		if (this.json) {
			Json.print(spec.commandLine().getOut(), changed);
		}
		else {
			spec.commandLine()
				.getOut()
				.println("Updated subscription " + this.id + " to version " + changed.path("version").asString("")
						+ ".");
			SubscriptionView.print(spec.commandLine().getOut(), changed);
		}
		return ExitCode.OK;
	}

	private ObjectNode patch() {
		if (this.active && this.inactive) {
			throw CliException.usage("--active and --inactive exclude each other");
		}
		ObjectNode patch = Json.object();
		if (this.url != null) {
			patch.put("url", this.url);
		}
		if (!this.eventTypes.isEmpty()) {
			this.eventTypes.forEach(patch.putArray("eventTypes")::add);
		}
		this.fields.putInto(patch);
		for (String header : this.removedHeaders) {
			(patch.has("headers") ? (ObjectNode) patch.get("headers") : patch.putObject("headers")).putNull(header);
		}
		for (String field : this.cleared) {
			String name = field.toLowerCase(Locale.ROOT);
			if (!CLEARABLE.contains(name)) {
				throw CliException.usage("--clear takes " + String.join(", ", CLEARABLE) + "; not " + field);
			}
			patch.putNull(name.equals("rate-limit") ? "rateLimit" : name);
		}
		if (this.active || this.inactive) {
			patch.put("active", this.active);
		}
		return patch;
	}

}
