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

/**
 * {@code hookline subscriptions delete <id>}: {@code DELETE /v1/subscriptions/{id}}; an
 * unknown id is a not-found error.
 */
@Command(name = "delete", description = { "Delete a subscription; its pending retries stop.", "",
		"Example: hookline subscriptions delete sub_0b6f3c" })
final class SubscriptionsDelete implements Callable<Integer> {

	@Spec
	@Nullable CommandSpec spec;

	@Parameters(index = "0", paramLabel = "ID", description = "The subscription id.")
	String id = "";

	@Option(names = "--json", description = "Print one JSON document.")
	boolean json;

	@Override
	public Integer call() throws InterruptedException {
		CommandSpec spec = Objects.requireNonNull(this.spec);
		ApiClient.admin(CliContext.of(spec)).delete("/v1/subscriptions/" + ApiClient.segment(this.id));
		if (this.json) {
			Json.print(spec.commandLine().getOut(), Json.object().put("deleted", this.id));
		}
		else {
			spec.commandLine().getOut().println("Deleted subscription " + this.id + ".");
			spec.commandLine().getOut().flush();
		}
		return ExitCode.OK;
	}

}
