package dev.hookline.cli.deliveries;

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

/**
 * {@code hookline deliveries show <delivery-id>}: {@code GET /v1/deliveries/{id}}, the
 * delivery's state and its attempts, oldest first; an unknown id is a not-found error.
 */
@Command(name = "show", description = { "Show one delivery: its state and every attempt.", "",
		"Example: hookline deliveries show msg_0b6f3c…" })
final class DeliveriesShow implements Callable<Integer> {

	@Spec
	@Nullable CommandSpec spec;

	@Parameters(index = "0", paramLabel = "DELIVERY-ID", description = "The delivery id (the webhook-id).")
	String deliveryId = "";

	@Option(names = "--json", description = "Print the API's answer as JSON.")
	boolean json;

	@Override
	public Integer call() throws InterruptedException {
		CommandSpec spec = Objects.requireNonNull(this.spec);
		JsonNode delivery = Objects.requireNonNull(ApiClient.admin(CliContext.of(spec))
			.get("/v1/deliveries/" + ApiClient.segment(this.deliveryId.strip())), "an empty answer");
		PrintWriter out = spec.commandLine().getOut();
		if (this.json) {
			Json.print(out, delivery);
			return ExitCode.OK;
		}
		print(out, delivery);
		out.flush();
		return ExitCode.OK;
	}

	/** A delivery's facts, then its attempts; also what {@code events show} prints. */
	static void print(PrintWriter out, JsonNode delivery) {
		Table facts = new Table("Delivery", delivery.path("id").asString(""));
		facts.row("Subscription", delivery.path("subscriptionId").asString(""));
		facts.row("Event",
				delivery.path("eventId").asString("") + " (" + delivery.path("eventType").asString("") + ")");
		facts.row("State", delivery.path("state").asString(""));
		facts.row("Next attempt", delivery.path("nextAttemptAt").asString(""));
		facts.row("Created", delivery.path("createdAt").asString(""));
		facts.row("Body SHA-256", delivery.path("bodySha256").asString(""));
		facts.print(out);
		JsonNode attempts = delivery.path("attempts");
		if (attempts.isEmpty()) {
			out.println("No attempts yet.");
			return;
		}
		Table table = new Table("#", "AT", "STATUS", "LATENCY", "NEXT", "RESPONSE");
		for (JsonNode attempt : attempts) {
			String status = attempt.path("status").isNumber() ? attempt.path("status").asString()
					: attempt.path("error").asString("");
			table.row(attempt.path("attempt").asString(""), attempt.path("at").asString(""), status,
					attempt.path("latencyMs").asString("") + " ms", attempt.path("nextAction").asString(""),
					oneLine(attempt.path("responseSnippet").asString("")));
		}
		table.print(out);
	}

	/** The start of a response on one line of a terminal. */
	private static String oneLine(String snippet) {
		String flat = snippet.replaceAll("\\s+", " ").strip();
		return (flat.length() > 60) ? flat.substring(0, 57) + "..." : flat;
	}

}
