package dev.hookline.cli.tenants;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import dev.hookline.cli.api.ApiClient;
import dev.hookline.cli.support.CliContext;
import dev.hookline.cli.support.ExitCode;
import dev.hookline.cli.support.Json;
import dev.hookline.cli.support.Table;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every operator command has, mixed into each: the {@code --json} option, calls to
 * the API with the operator key, and how an answer is printed: as it came with
 * {@code --json}, else for a person.
 */
final class OperatorCall {

	@Spec(Spec.Target.MIXEE)
	@Nullable CommandSpec spec;

	@Option(names = "--json", description = "Print the API's answer as JSON.")
	boolean json;

	JsonNode get(String path) throws InterruptedException {
		return Objects.requireNonNull(api().get(path), "an empty answer");
	}

	JsonNode post(String path, @Nullable JsonNode body) throws InterruptedException {
		return Objects.requireNonNull(api().post(path, body, Map.of()), "an empty answer");
	}

	void delete(String path) throws InterruptedException {
		api().delete(path);
	}

	/**
	 * @param human prints the answer for a person
	 * @return {@link ExitCode#OK}
	 */
	int print(JsonNode answer, Consumer<PrintWriter> human) {
		PrintWriter out = spec().commandLine().getOut();
		if (this.json) {
			Json.print(out, answer);
		}
		else {
			human.accept(out);
		}
		out.flush();
		return ExitCode.OK;
	}

	/**
	 * Every page of a listing: {@code {"data":[…]}} with {@code --json}, else a table of
	 * the given fields, or {@code none} when there is nothing.
	 */
	int list(String path, String none, String[] headers, String... fields) throws InterruptedException {
		ArrayNode data = api().list(path, "?limit=500", null, true).data();
		ObjectNode root = Json.object();
		root.set("data", data);
		return print(root, (out) -> {
			if (data.isEmpty()) {
				out.println(none);
				return;
			}
			Table table = new Table(headers);
			data.forEach((item) -> {
				Object[] cells = new Object[fields.length];
				for (int i = 0; i < fields.length; i++) {
					cells[i] = item.path(fields[i]).asString("");
				}
				table.row(cells);
			});
			table.print(out);
		});
	}

	/** One resource as a two-column table of the given fields. */
	static void facts(PrintWriter out, JsonNode item, String title, String... fields) {
		Table facts = new Table(title, item.path(fields[0]).asString(""));
		for (int i = 1; i < fields.length; i++) {
			facts.row(fields[i], item.path(fields[i]).asString(""));
		}
		facts.print(out);
	}

	private ApiClient api() {
		return ApiClient.operator(CliContext.of(spec()));
	}

	private CommandSpec spec() {
		return Objects.requireNonNull(this.spec);
	}

}
