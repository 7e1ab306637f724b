package dev.hookline.cli.eventtypes;

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
 * {@code hookline event-types delete <name>}: {@code DELETE /v1/event-types/{name}}; an
 * unknown name is a not-found error.
 */
@Command(name = "delete",
		description = { "Delete an event type from the catalogue; subscriptions to it are left as they are.", "",
				"Example: hookline event-types delete invoice.paid" })
final class EventTypesDelete implements Callable<Integer> {

	@Spec
	@Nullable CommandSpec spec;

	@Parameters(index = "0", paramLabel = "NAME", description = "The event type.")
	String name = "";

	@Option(names = "--json", description = "Print one JSON document.")
	boolean json;

	@Override
	public Integer call() throws InterruptedException {
		CommandSpec spec = Objects.requireNonNull(this.spec);
		ApiClient.admin(CliContext.of(spec)).delete("/v1/event-types/" + ApiClient.segment(this.name));
		if (this.json) {
			Json.print(spec.commandLine().getOut(), Json.object().put("deleted", this.name));
		}
		else {
			spec.commandLine().getOut().println("Deleted event type " + this.name + ".");
			spec.commandLine().getOut().flush();
		}
		return ExitCode.OK;
	}

}
