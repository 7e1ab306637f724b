package dev.hookline.cli.subscriptions;

import java.io.PrintWriter;
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

/**
 * {@code hookline subscriptions test <id>}: {@code POST /v1/subscriptions/{id}/test};
 * succeeds when the endpoint took the signed test event (2xx), else fails with exit code
 * {@value ExitCode#FAILURE} and what the endpoint answered.
 */
@Command(name = "test",
		description = {
				"Send a signed hookline.test event to the subscription's endpoint now (inactive ones too) "
						+ "and show its answer. Exits 1 when the endpoint did not answer 2xx.",
				"", "Example: hookline subscriptions test sub_0b6f3c" })
final class SubscriptionsTest implements Callable<Integer> {

	@Spec
	@Nullable CommandSpec spec;

	@Parameters(index = "0", paramLabel = "ID", description = "The subscription id.")
	String id = "";

	@Option(names = "--json", description = "Print the API's answer as JSON (exit code as without it).")
	boolean json;

	@Override
	public Integer call() throws InterruptedException {
		CommandSpec spec = Objects.requireNonNull(this.spec);
		JsonNode result = Objects.requireNonNull(
				ApiClient.admin(CliContext.of(spec))
					.post("/v1/subscriptions/" + ApiClient.segment(this.id) + "/test", null, Map.of()),
				"an empty answer");
		boolean delivered = result.path("delivered").asBoolean(false);
		PrintWriter out = spec.commandLine().getOut();
		if (this.json) {
			Json.print(out, result);
			return delivered ? ExitCode.OK : ExitCode.FAILURE;
		}
		if (!delivered) {
			throw CliException.failed("the endpoint did not take the test event: " + answer(result), null);
		}
		out.println("Delivered: " + answer(result) + ".");
		out.flush();
		return ExitCode.OK;
	}

	private static String answer(JsonNode result) {
		JsonNode status = result.path("status");
		String outcome = status.isNumber() ? "HTTP " + status.asInt() : result.path("error").asString("no answer");
		String snippet = result.path("responseSnippet").isString()
				? ", response " + abbreviated(result.path("responseSnippet").stringValue().strip()) : "";
		return outcome + " in " + result.path("latencyMs").asLong() + " ms (webhook-id "
				+ result.path("webhookId").asString("") + ")" + snippet;
	}

	private static String abbreviated(String text) {
		String line = text.replaceAll("\\s+", " ");
		return (line.length() <= 200) ? line : line.substring(0, 197) + "...";
	}

}
