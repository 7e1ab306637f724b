package dev.hookline.cli.deliveries;

import java.io.PrintWriter;
import java.util.Map;
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
 * {@code hookline redeliver <delivery-id>}: {@code POST /v1/deliveries/{id}/redeliver}.
 * The API queues one new attempt with the same {@code webhook-id}; an unknown id is a
 * not-found error.
 */
@Command(name = "redeliver",
		description = {
				"Queue one new attempt of a delivery, with the same webhook-id "
						+ "(POST /v1/deliveries/{id}/redeliver; admin key).",
				"", "Example: hookline redeliver msg_0b6f3c…" })
public final class RedeliverCommand implements Callable<Integer> {

	@Spec
	@Nullable CommandSpec spec;

	@Parameters(index = "0", paramLabel = "DELIVERY-ID", description = "The delivery id (the webhook-id).")
	String deliveryId = "";

	@Option(names = "--json", description = "Print the API's answer as JSON.")
	boolean json;

	@Override
	public Integer call() throws InterruptedException {
		CommandSpec spec = Objects.requireNonNull(this.spec);
		JsonNode queued = ApiClient.admin(CliContext.of(spec))
			.post("/v1/deliveries/" + ApiClient.segment(this.deliveryId.strip()) + "/redeliver", null, Map.of());
		PrintWriter out = spec.commandLine().getOut();
		if (this.json) {
			Json.print(out, (queued != null) ? queued : Json.object().put("deliveryId", this.deliveryId));
		}
		else if (queued != null) {
			out.println("Queued " + queued.path("deliveryId").asString(this.deliveryId) + " for a new attempt"
					+ " (subscription " + queued.path("subscriptionId").asString("?") + ", event "
					+ queued.path("eventId").asString("?") + ") at " + queued.path("queuedAt").asString("?")
					+ "; it keeps its webhook-id.");
		}
		else {
			out.println("Queued " + this.deliveryId + " for a new attempt; it keeps its webhook-id.");
		}
		out.flush();
		return ExitCode.OK;
	}

}
