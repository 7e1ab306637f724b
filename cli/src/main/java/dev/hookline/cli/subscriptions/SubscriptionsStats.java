package dev.hookline.cli.subscriptions;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
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
 * {@code hookline subscriptions stats [<id>]}: a subscription's analytics ({@code GET
 * /v1/subscriptions/{id}/stats}), or without an id the tenant's delivery report
 * ({@code GET /v1/stats}), one line per bucket of time.
 */
@Command(name = "stats",
		description = {
				"Attempts, success rate and latency per bucket of time: one subscription's, or without an id "
						+ "the tenant's delivery report with a line per subscription, the most failures first.",
				"", "Example: hookline subscriptions stats sub_0b6f3c --from 6h --step 15m" })
final class SubscriptionsStats implements Callable<Integer> {

	@Spec
	@Nullable CommandSpec spec;

	@Parameters(index = "0", arity = "0..1", paramLabel = "ID",
			description = "The subscription id; none for the whole tenant.")
	@Nullable String id;

	@Option(names = "--from", paramLabel = "TIME",
			description = "Start: an ISO-8601 instant or a time ago (6h, 7d); default 24 hours before --to.")
	@Nullable Instant from;

	@Option(names = "--to", paramLabel = "TIME", description = "End (exclusive), same forms; default now.")
	@Nullable Instant to;

	@Option(names = "--step", paramLabel = "STEP",
			description = "Each bucket's length: whole minutes, hours or days (15m, 1h, 1d); default 1h.")
	@Nullable String step;

	@Option(names = "--json", description = "Print the API's answer as JSON.")
	boolean json;

	@Override
	public Integer call() throws InterruptedException {
		CommandSpec spec = Objects.requireNonNull(this.spec);
		String path = (this.id != null) ? "/v1/subscriptions/" + ApiClient.segment(this.id.strip()) + "/stats"
				: "/v1/stats";
		JsonNode answer = Objects.requireNonNull(ApiClient.admin(CliContext.of(spec)).get(path + query()),
				"an empty answer");
		PrintWriter out = spec.commandLine().getOut();
		if (this.json) {
			Json.print(out, answer);
			return ExitCode.OK;
		}
		out.println(
				((this.id != null) ? "Subscription " + this.id.strip() : "Tenant " + answer.path("tenant").asString(""))
						+ ", " + answer.path("from").asString("") + " to " + answer.path("to").asString("") + ", step "
						+ answer.path("step").asString(""));
		Table buckets = new Table("START", "ATTEMPTS", "SUCCEEDED", "FAILED", "SUCCESS", "P50 MS", "P95 MS", "P99 MS");
		for (JsonNode bucket : answer.path("buckets")) {
			row(buckets, bucket.path("start").asString(""), bucket);
		}
		row(buckets, "TOTAL", answer.path("total"));
		buckets.print(out);
		if (this.id == null) {
			JsonNode rows = answer.path("subscriptions");
			if (rows.isEmpty()) {
				out.println("No subscription had an attempt in this range.");
			}
			else {
				out.println();
				out.println("By subscription, the most failures first:");
				Table subscriptions = new Table("SUBSCRIPTION", "URL", "ATTEMPTS", "SUCCEEDED", "FAILED", "SUCCESS",
						"P50 MS", "P95 MS", "P99 MS");
				for (JsonNode row : rows) {
					JsonNode total = row.path("total");
					subscriptions.row(row.path("subscriptionId").asString(""), row.path("url").asString(""),
							total.path("attempts").asString(""), total.path("succeeded").asString(""),
							total.path("failed").asString(""), rate(total), latency(total, "p50"),
							latency(total, "p95"), latency(total, "p99"));
				}
				subscriptions.print(out);
			}
		}
		out.flush();
		return ExitCode.OK;
	}

	private static void row(Table table, String start, JsonNode bucket) {
		table.row(start, bucket.path("attempts").asString(""), bucket.path("succeeded").asString(""),
				bucket.path("failed").asString(""), rate(bucket), latency(bucket, "p50"), latency(bucket, "p95"),
				latency(bucket, "p99"));
	}

	private static String rate(JsonNode bucket) {
		JsonNode rate = bucket.path("successRate");
		return rate.isNumber() ? String.format(Locale.ROOT, "%.1f %%", 100 * rate.asDouble()) : "-";
	}

	private static String latency(JsonNode bucket, String percentile) {
		JsonNode value = bucket.path("latencyMs").path(percentile);
		return value.isNumber() ? value.asString() : "-";
	}

	private String query() {
		String parameters = ApiClient.parameters("from", (this.from != null) ? this.from.toString() : null, "to",
				(this.to != null) ? this.to.toString() : null, "step", this.step);
		return parameters.isEmpty() ? "" : "?" + parameters.substring(1);
	}

}
