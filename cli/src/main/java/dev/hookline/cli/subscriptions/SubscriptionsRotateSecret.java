package dev.hookline.cli.subscriptions;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

import dev.hookline.cli.api.ApiClient;
import dev.hookline.cli.support.CliContext;
import dev.hookline.cli.support.Durations;
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
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code hookline subscriptions rotate-secret <id>}: {@code POST
 * /v1/subscriptions/{id}/rotate-secret}; prints the new signing secret, which the API
 * shows only this once.
 */
@Command(name = "rotate-secret",
		description = { "Replace the signing secret. The old one keeps signing beside the new one until it expires, "
				+ "so receivers can switch without refusing a webhook. Prints the new secret, shown only this once.",
				"", "Example: hookline subscriptions rotate-secret sub_0b6f3c --expires-in 2h" })
final class SubscriptionsRotateSecret implements Callable<Integer> {

	@Spec
	@Nullable CommandSpec spec;

	@Parameters(index = "0", paramLabel = "ID", description = "The subscription id.")
	String id = "";

	@Option(names = "--expires-in", paramLabel = "DURATION", converter = Durations.class,
			description = "How long the old secret keeps signing: seconds, or 90s, 30m, 24h, 7d "
					+ "(0 stops it at once; default: the server's, 24h).")
	@Nullable Duration expiresIn;

	@Option(names = "--if-match", paramLabel = "VERSION",
			description = "Rotate only if the subscription is still at this version.")
	@Nullable String ifMatch;

	@Option(names = "--json", description = "Print the API's answer as JSON.")
	boolean json;

	@Override
	public Integer call() throws InterruptedException {
		CommandSpec spec = Objects.requireNonNull(this.spec);
		ObjectNode body = null;
		if (this.expiresIn != null) {
			body = Json.object().put("expiresIn", this.expiresIn.toSeconds());
		}
		Map<String, String> headers = (this.ifMatch != null)
				? Map.of("If-Match", this.ifMatch.matches("[0-9]+") ? "\"" + this.ifMatch + "\"" : this.ifMatch)
				: Map.of();
		JsonNode rotated = Objects.requireNonNull(
				ApiClient.admin(CliContext.of(spec))
					.post("/v1/subscriptions/" + ApiClient.segment(this.id) + "/rotate-secret", body, headers),
				"an empty answer");
		PrintWriter out = spec.commandLine().getOut();
		if (this.json) {
			Json.print(out, rotated);
			return ExitCode.OK;
		}
		out.println("Rotated the signing secret of " + this.id + " (now version " + rotated.path("version").asString("")
				+ ").");
		Table facts = new Table("New secret", rotated.path("secret").asString(""));
		facts.row("Old secret signs until", rotated.path("previousExpiresAt").asString(""));
		facts.print(out);
		out.println("Store the new secret now: the API never shows it again. Until then receivers may verify "
				+ "with either secret.");
		out.flush();
		return ExitCode.OK;
	}

}
