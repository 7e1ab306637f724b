package dev.hookline.cli.subscriptions;

import java.util.Objects;
import java.util.concurrent.Callable;

import dev.hookline.cli.api.ApiClient;
import dev.hookline.cli.support.CliContext;
import dev.hookline.cli.support.ExitCode;
import dev.hookline.cli.support.Json;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code hookline subscriptions get <id>}: {@code GET /v1/subscriptions/{id}}; an unknown
 * id is a not-found error.
 */
@Command(name = "get", description = { "Show one subscription, with its delivery counters.", "",
		"Example: hookline subscriptions get sub_0b6f3c" })
final class SubscriptionsGet implements Callable<Integer> {

	@Spec
	@Nullable CommandSpec spec;

	@Parameters(index = "0", paramLabel = "ID", description = "The subscription id.")
	String id = "";

	@Option(names = "--json", description = "Print the API's answer as JSON.")
	boolean json;

	@Override
	public Integer call() throws InterruptedException {
		CommandSpec spec = Objects.requireNonNull(this.spec);
		JsonNode found = Objects.requireNonNull(
				ApiClient.admin(CliContext.of(spec)).get("/v1/subscriptions/" + ApiClient.segment(this.id)),
				"an empty answer");
		if (this.json) {
			Json.print(spec.commandLine().getOut(), found);
		}
		else {
			SubscriptionView.print(spec.commandLine().getOut(), found);
		}
		return ExitCode.OK;
	}

}
