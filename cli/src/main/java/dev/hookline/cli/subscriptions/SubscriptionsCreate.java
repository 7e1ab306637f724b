package dev.hookline.cli.subscriptions;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

import dev.hookline.cli.api.ApiClient;
import dev.hookline.cli.support.CliContext;
import dev.hookline.cli.support.ExitCode;
import dev.hookline.cli.support.Json;
import dev.hookline.cli.support.Table;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code hookline subscriptions create}: {@code POST /v1/subscriptions}; prints the
 * signing secret, which the API shows only this once.
 */
@Command(name = "create",
		description = {
				"Subscribe an endpoint to event types. Prints the signing secret "
						+ "(whsec_...), shown only this once.",
				"", "Example: hookline subscriptions create --url https://example.com/hooks --event-type 'invoice.*'",
				"           --header X-Team=billing --filter '[{\"path\":\"/amount\",\"gte\":100}]'" })
final class SubscriptionsCreate implements Callable<Integer> {

	@Spec
	@Nullable CommandSpec spec;

	@Option(names = "--url", required = true, paramLabel = "URL", description = "Where deliveries are POSTed.")
	String url = "";

	@Option(names = "--event-type", required = true, split = ",", paramLabel = "TYPE",
			description = "Event types to receive: exact (invoice.paid), a prefix (invoice.*) or *; repeatable.")
	List<String> eventTypes = new ArrayList<>();

	@Mixin
	FieldOptions fields = new FieldOptions();

	@Option(names = "--json", description = "Print the API's answer as JSON.")
	boolean json;

	@Override
	public Integer call() throws InterruptedException {
		CommandSpec spec = Objects.requireNonNull(this.spec);
		ObjectNode body = Json.object();
		body.put("url", this.url);
		this.eventTypes.forEach(body.putArray("eventTypes")::add);
		this.fields.putInto(body);
		JsonNode created = Objects.requireNonNull(
				ApiClient.admin(CliContext.of(spec)).post("/v1/subscriptions", body, Map.of()), "an empty answer");
		PrintWriter out = spec.commandLine().getOut();
		if (this.json) {
			Json.print(out, created);
			return ExitCode.OK;
		}
		out.println("Created subscription " + created.path("id").asString(""));
		Table facts = new Table("URL", created.path("url").asString(""));
		facts.row("Event types", SubscriptionsList.joined(created.path("eventTypes")));
		facts.row("Secret", created.path("secret").asString(""));
		facts.print(out);
		SubscriptionView.printWarnings(out, created);
		out.println("Store the secret now: the API never shows it again. Receivers verify signatures with it.");
		out.flush();
		return ExitCode.OK;
	}

}
