package dev.hookline.cli.deliveries;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

import dev.hookline.cli.api.ApiClient;
import dev.hookline.cli.support.CliContext;
import dev.hookline.cli.support.CliException;
import dev.hookline.cli.support.ExitCode;
import dev.hookline.cli.support.Json;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code hookline recover <subscription-id> --since TIME}: {@code POST
 * /v1/subscriptions/{id}/recover}, call after call until nothing remains, each call
 * reported on a line; {@code --dry-run} only counts.
 */
@Command(name = "recover",
		description = {
				"Send again every delivery of a subscription that failed since a time: those retrying and those "
						+ "dead-lettered, with their webhook-id (POST /v1/subscriptions/{id}/recover; admin key).",
				"", "Example: hookline recover sub_3f… --since 6h --dry-run" })
public final class RecoverCommand implements Callable<Integer> {

	@Spec
	@Nullable CommandSpec spec;

	@Parameters(index = "0", paramLabel = "SUBSCRIPTION-ID", description = "The subscription.")
	String subscription = "";

	@Option(names = "--since", required = true, paramLabel = "TIME",
			description = "Deliveries from TIME: an ISO-8601 instant (2026-11-22T10:00:00Z) or a time ago (30m, 2h, 7d).")
	@Nullable Instant since;

	@Option(names = "--until", paramLabel = "TIME", description = "Deliveries before TIME (default now).")
	@Nullable Instant until;

	@Option(names = "--dry-run", description = "Only count what would be sent.")
	boolean dryRun;

	@Option(names = "--json", description = "Print each answer of the API as JSON.")
	boolean json;

	@Override
	public Integer call() throws InterruptedException {
		CommandSpec spec = Objects.requireNonNull(this.spec);
		if (this.since != null && this.until != null && !this.since.isBefore(this.until)) {
			throw CliException.usage("--since (" + this.since + ") must be before --until (" + this.until + ")");
		}
		ApiClient api = ApiClient.admin(CliContext.of(spec));
		PrintWriter out = spec.commandLine().getOut();
		String path = "/v1/subscriptions/" + ApiClient.segment(this.subscription.strip()) + "/recover";
		ObjectNode body = Json.object().put("since", String.valueOf(this.since)).put("dryRun", this.dryRun);
		if (this.until != null) {
			body.put("until", this.until.toString());
		}
		long queued = 0;
		JsonNode answer;
		do {
			answer = Objects.requireNonNull(api.post(path, body, Map.of()), "an empty answer");
			queued += answer.path("queued").asLong(0);
			if (this.json) {
				Json.print(out, answer);
			}
			else if (this.dryRun) {
				out.println("Would send " + answer.path("remaining").asLong() + " of " + answer.path("matched").asLong()
						+ " failed deliveries again (" + answer.path("alreadyQueued").asLong()
						+ " already queued by a recent recover).");
			}
			else {
				out.println("Queued " + answer.path("queued").asLong() + " again (" + queued + " so far), "
						+ answer.path("remaining").asLong() + " remaining"
						+ ((answer.path("gone").asLong() > 0)
								? "; " + answer.path("gone").asLong() + " whose body Kafka no longer holds" : "")
						+ ".");
			}
			out.flush();
		}
		while (!this.dryRun && answer.path("remaining").asLong() > 0 && answer.path("queued").asLong() > 0);
		return ExitCode.OK;
	}

}
