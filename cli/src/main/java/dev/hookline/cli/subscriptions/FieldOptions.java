package dev.hookline.cli.subscriptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hookline.cli.support.Json;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/**
 * The options {@code subscriptions create} and {@code update} share, each one a field of
 * the request body; an option left out leaves its field out.
 */
final class FieldOptions {

	@Option(names = "--description", paramLabel = "TEXT", description = "Free text.")
	@Nullable String description;

	@Option(names = "--filter", paramLabel = "JSON",
			description = "Payload filter: conditions on the event's data, all of which must hold, "
					+ "e.g. '[{\"path\":\"/amount\",\"gte\":100}]'.")
	@Nullable String filter;

	@Option(names = "--fields", split = ",", paramLabel = "POINTER",
			description = "Send only these fields of the data (JSON pointers such as /customer/id); repeatable.")
	List<String> fields = new ArrayList<>();

	@Option(names = "--header", paramLabel = "NAME=VALUE",
			description = "A header sent with every webhook; repeatable.")
	Map<String, String> headers = new LinkedHashMap<>();

	@Option(names = "--rate-limit", paramLabel = "N", description = "At most N requests per second (1-10000).")
	@Nullable Integer rateLimit;

	/** Puts the fields given on the command line into the body. */
	void putInto(ObjectNode body) {
		if (this.description != null) {
			body.put("description", this.description);
		}
		if (this.filter != null) {
			body.set("filter", Json.parse(this.filter, "--filter"));
		}
		if (!this.fields.isEmpty()) {
			this.fields.forEach(body.putArray("fields")::add);
		}
		if (!this.headers.isEmpty()) {
			ObjectNode headers = body.putObject("headers");
			this.headers.forEach(headers::put);
		}
		if (this.rateLimit != null) {
			body.put("rateLimit", this.rateLimit);
		}
	}

}
