package dev.hookline.cli.tenants;

import java.io.PrintWriter;
import java.util.function.Consumer;

import dev.hookline.cli.support.ExitCode;
import dev.hookline.cli.support.Json;
import dev.hookline.cli.support.Table;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How the operator's commands print an answer of the API: as it came with {@code --json},
 * else for a person.
 */
final class Answer {

	private Answer() {
	}

	/**
	 * @param human prints the answer for a person
	 * @return {@link ExitCode#OK}
	 */
	static int print(CommandSpec spec, boolean json, JsonNode answer, Consumer<PrintWriter> human) {
		PrintWriter out = spec.commandLine().getOut();
		if (json) {
			Json.print(out, answer);
		}
		else {
			human.accept(out);
		}
		out.flush();
		return ExitCode.OK;
	}

	/**
	 * A listing: {@code {"data":[…]}} with {@code --json}, else a table of the given
	 * fields, or {@code none} when there is nothing.
	 */
	static int list(CommandSpec spec, boolean json, ArrayNode data, String none, String[] headers, String... fields) {
		ObjectNode root = Json.object();
		root.set("data", data);
		return print(spec, json, root, (out) -> {
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

}
