package dev.hookline.cli.dlq;

import java.io.PrintWriter;
import java.util.Objects;
import java.util.concurrent.Callable;

import dev.hookline.cli.kafka.KafkaAccess;
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
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code hookline dlq inspect <delivery-id>}: every DLQ record of one delivery, with its
 * last outcome, replay state and body. An id not in the DLQ is a not-found error.
 */
@Command(name = "inspect",
		description = {
				"Show a dead-lettered delivery: its attempts, last outcome, "
						+ "why it was dead-lettered, whether it was replayed, and its body.",
				"", "Example: hookline dlq inspect msg_0b6f3c…" })
final class DlqInspect implements Callable<Integer> {

	@Spec
	@Nullable CommandSpec spec;

	@Parameters(index = "0", paramLabel = "DELIVERY-ID", description = "The delivery id (the webhook-id).")
	String deliveryId = "";

	@Option(names = "--json", description = "Print one JSON document.")
	boolean json;

	@Override
	public Integer call() {
		CommandSpec spec = Objects.requireNonNull(this.spec);
		String id = this.deliveryId.strip();
		try (KafkaAccess kafka = KafkaAccess.connect(CliContext.of(spec).kafka())) {
			String topic = kafka.topics().deadLetters().name();
			kafka.requireTopics(kafka.topics().deadLetters(), kafka.topics().replays());
			DeadLetters letters = DeadLetters.read(kafka, (letter) -> letter.deliveryId().equals(id));
			if (letters.matching().isEmpty()) {
				throw CliException.notFound("no dead-lettered delivery " + id + " in " + topic);
			}
			ReplayMarks marks = ReplayMarks.read(kafka);
			PrintWriter out = spec.commandLine().getOut();
			if (this.json) {
				ObjectNode root = Json.object();
				root.put("deliveryId", id);
				ArrayNode records = root.putArray("records");
				letters.matching().forEach((l) -> records.add(DeliveryView.json(l, marks.of(l), true)));
				Json.print(out, root);
				return ExitCode.OK;
			}
			if (letters.matching().size() > 1) {
				out.println(id + " was dead-lettered " + letters.matching().size() + " times; oldest first.");
				out.println();
			}
			for (int i = 0; i < letters.matching().size(); i++) {
				if (i > 0) {
					out.println();
				}
				DeadLetter letter = letters.matching().get(i);
				DeliveryView.describe(out, letter, marks.of(letter), topic);
			}
		}
		return ExitCode.OK;
	}

}
