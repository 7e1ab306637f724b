package dev.hookline.cli.dlq;

import java.io.PrintWriter;
import java.util.List;

import dev.hookline.cli.support.Json;
import dev.hookline.cli.support.Table;
import dev.hookline.cli.support.Times;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.Outcome;
import dev.hookline.schemas.ReplayMark;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How dead letters look: a table row, a detailed description, and JSON. One class, so the
 * table, {@code inspect} and {@code --json} always show the same facts.
 */
final class DeliveryView {

	private DeliveryView() {
	}

	static Table table(List<DeadLetter> letters, ReplayMarks marks) {
		Table table = new Table("DELIVERY ID", "SUBSCRIPTION", "EVENT TYPE", "ATTEMPTS", "LAST ATTEMPT", "LAST OUTCOME",
				"REASON", "REPLAYED");
		for (DeadLetter letter : letters) {
			Delivery delivery = letter.delivery();
			ReplayMark mark = marks.of(letter);
			table.row(delivery.getDeliveryId(), delivery.getSubscriptionId(), delivery.getEventType(),
					delivery.getAttempt(), Times.format(letter.lastAttemptAt()), letter.outcomeText(),
					delivery.getDeadLetterReason(), (mark != null) ? Times.format(mark.getReplayedAt()) : "");
		}
		return table;
	}

	static ObjectNode json(DeadLetter letter, @Nullable ReplayMark mark, boolean withBody) {
		Delivery delivery = letter.delivery();
		ObjectNode node = Json.object();
		node.put("deliveryId", delivery.getDeliveryId());
		node.put("tenant", delivery.getTenant());
		node.put("eventId", delivery.getEventId());
		node.put("eventType", delivery.getEventType());
		node.put("subscriptionId", delivery.getSubscriptionId());
		node.put("subscriptionVersion", delivery.getSubscriptionVersion());
		node.put("attempts", delivery.getAttempt());
		node.put("createdAt", Json.time(delivery.getCreatedAt()));
		node.put("firstAttemptAt", Json.time(delivery.getFirstAttemptAt()));
		node.put("lastAttemptAt", Json.time(letter.lastAttemptAt()));
		Outcome outcome = delivery.getLastOutcome();
		if (outcome != null) {
			ObjectNode last = node.putObject("lastOutcome");
			last.put("at", Json.time(outcome.getAt()));
			last.put("status", outcome.getStatus());
			last.put("error", outcome.getError());
			last.put("latencyMs", outcome.getLatencyMs());
		}
		else {
			node.putNull("lastOutcome");
		}
		node.put("reason", delivery.getDeadLetterReason());
		node.put("deadLetteredAt", Json.time(letter.recordTime()));
		ObjectNode record = node.putObject("dlqRecord");
		record.put("partition", letter.partition());
		record.put("offset", letter.offset());
		if (mark != null) {
			ObjectNode replayed = node.putObject("replayed");
			replayed.put("at", Json.time(mark.getReplayedAt()));
			replayed.put("runId", mark.getRunId());
		}
		else {
			node.putNull("replayed");
		}
		if (withBody) {
			String body = letter.body();
			JsonNode parsed = Json.tryParse(body);
			if (parsed != null) {
				node.set("body", parsed);
			}
			else {
				node.put("body", body);
			}
		}
		return node;
	}

	/** The full story of one dead letter, for {@code dlq inspect}. */
	static void describe(PrintWriter out, DeadLetter letter, @Nullable ReplayMark mark, String topic) {
		Delivery delivery = letter.delivery();
		Outcome outcome = delivery.getLastOutcome();
		Table facts = new Table("Delivery", delivery.getDeliveryId());
		facts.row("Tenant", delivery.getTenant());
		facts.row("Event", delivery.getEventId() + " (" + delivery.getEventType() + ")");
		facts.row("Subscription",
				delivery.getSubscriptionId() + " (version " + delivery.getSubscriptionVersion() + ")");
		facts.row("Attempts", delivery.getAttempt() + ", first " + Times.format(delivery.getFirstAttemptAt())
				+ ", last " + Times.format(letter.lastAttemptAt()));
		facts.row("Last outcome", (outcome != null) ? letter.outcomeText() + " after " + outcome.getLatencyMs() + " ms"
				: "none recorded");
		facts.row("Reason", delivery.getDeadLetterReason());
		facts.row("Dead-lettered", Times.format(letter.recordTime()) + " (" + topic + " " + letter.markKey() + ")");
		facts.row("Replayed",
				(mark != null) ? Times.format(mark.getReplayedAt()) + " (run " + mark.getRunId() + ")" : "not yet");
		facts.print(out);
		out.println("Body");
		JsonNode parsed = Json.tryParse(letter.body());
		String body = (parsed != null) ? Json.pretty(parsed) : letter.body();
		body.lines().forEach((line) -> out.println("  " + line));
		out.flush();
	}

}
