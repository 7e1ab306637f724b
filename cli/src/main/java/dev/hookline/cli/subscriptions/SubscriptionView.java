package dev.hookline.cli.subscriptions;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import dev.hookline.cli.support.Json;
import dev.hookline.cli.support.Table;
import tools.jackson.databind.JsonNode;

/**
 * Prints a subscription as the API answered it, for people: its settings, the previous
 * secrets still signing, its delivery counters, and any warnings of the answer.
 */
final class SubscriptionView {

	private SubscriptionView() {
	}

	static void print(PrintWriter out, JsonNode s) {
		Table facts = new Table("ID", s.path("id").asString(""));
		facts.row("URL", s.path("url").asString(""));
		facts.row("Event types", SubscriptionsList.joined(s.path("eventTypes")));
		facts.row("Active", active(s));
		facts.row("Description", text(s.path("description")));
		facts.row("Filter", s.path("filter").isArray() ? Json.compact(s.path("filter")) : "");
		facts.row("Fields", SubscriptionsList.joined(s.path("fields")));
		facts.row("Headers", headers(s.path("headers")));
		facts.row("Rate limit", s.path("rateLimit").isNumber() ? s.path("rateLimit").asString() + "/s" : "");
		facts.row("Version", s.path("version").asString(""));
		facts.row("Previous secrets", previousSecrets(s.path("secrets")));
		facts.row("Deliveries", stats(s.path("stats")));
		facts.row("Created", s.path("createdAt").asString(""));
		facts.row("Updated", s.path("updatedAt").asString(""));
		facts.print(out);
		printWarnings(out, s);
		out.flush();
	}

	static void printWarnings(PrintWriter out, JsonNode answer) {
		for (JsonNode warning : answer.path("warnings")) {
			out.println("Warning: " + warning.path("field").asString("") + " " + warning.path("detail").asString(""));
		}
	}

	private static String active(JsonNode s) {
		if (s.path("active").asBoolean(true)) {
			return "yes";
		}
		String reason = text(s.path("disabledReason"));
		return reason.isEmpty() ? "no" : "no (disabled: " + reason + ")";
	}

	private static String headers(JsonNode headers) {
		List<String> pairs = new ArrayList<>();
		headers.properties().forEach((header) -> pairs.add(header.getKey() + ": " + header.getValue().asString("")));
		return String.join(", ", pairs);
	}

	private static String previousSecrets(JsonNode secrets) {
		List<String> expiries = new ArrayList<>();
		secrets.forEach((secret) -> expiries.add("until " + secret.path("expiresAt").asString("")));
		return String.join(", ", expiries);
	}

	private static String stats(JsonNode stats) {
		if (stats.isMissingNode()) {
			return "";
		}
		String last = text(stats.path("lastStatus"));
		return stats.path("delivered").asLong() + " delivered, " + stats.path("failing").asLong() + " failing, "
				+ stats.path("deadLettered").asLong() + " dead-lettered; last: " + (last.isEmpty() ? "none" : last);
	}

	private static String text(JsonNode node) {
		return node.isString() ? node.stringValue() : "";
	}

}
