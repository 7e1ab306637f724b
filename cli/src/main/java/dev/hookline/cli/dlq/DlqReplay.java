package dev.hookline.cli.dlq;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

import dev.hookline.cli.kafka.KafkaAccess;
import dev.hookline.cli.support.CliContext;
import dev.hookline.cli.support.CliException;
import dev.hookline.cli.support.ExitCode;
import dev.hookline.cli.support.Json;
import dev.hookline.cli.support.Progress;
import dev.hookline.cli.support.Rate;
import org.apache.kafka.common.errors.TimeoutException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code hookline dlq replay}: re-publishes the matching dead letters to
 * {@code deliveries} with their attempt count reset and their delivery id unchanged, and
 * records each in the replay log, so the same command run again sends nothing new unless
 * {@code --again} is given.
 */
@Command(name = "replay",
		description = { "Re-publish dead-lettered deliveries to the deliveries topic as first "
				+ "attempts, with their original delivery id (webhook-id), so receivers can deduplicate. Each replayed "
				+ "DLQ record is recorded; running the same replay again skips them unless --again is given.", "",
				"Examples:", "  hookline dlq replay --subscription sub_42 --dry-run",
				"  hookline dlq replay --subscription sub_42 --since 1d --rate 20/s" })
final class DlqReplay implements Callable<Integer> {

	private static final int SAMPLE = 5;

	private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private static final SecureRandom RANDOM = new SecureRandom();

	@Spec
	@Nullable CommandSpec spec;

	@Mixin
	FilterOptions filters = new FilterOptions();

	@Option(names = "--dry-run", description = "Show how many deliveries would be replayed and the first " + SAMPLE
			+ "; send and record nothing.")
	boolean dryRun;

	@Option(names = "--rate", paramLabel = "N/s", converter = Rate.Converter.class,
			description = "Re-publish at most N deliveries per second (or N/m per minute). Default: no limit.")
	@Nullable Rate rate;

	@Option(names = "--again", description = "Also replay records that an earlier replay already sent.")
	boolean again;

	@Option(names = "--json", description = "Print one JSON document.")
	boolean json;

	@Override
	public Integer call() throws InterruptedException {
		CommandSpec spec = Objects.requireNonNull(this.spec);
		CliContext context = CliContext.of(spec);
		DeadLetterFilter filter = this.filters.filter();
		PrintWriter out = spec.commandLine().getOut();
		try (KafkaAccess kafka = KafkaAccess.connect(context.kafka())) {
			String target = kafka.topics().deliveries().name();
			kafka.requireTopics(kafka.topics().deadLetters(), kafka.topics().replays(), kafka.topics().deliveries(),
					kafka.topics().schemas());
			ReplayMarks marks = ReplayMarks.read(kafka);
			ReplayPlan plan = ReplayPlan.of(DeadLetters.read(kafka, filter), marks, this.again);
			if (this.dryRun || plan.size() == 0) {
				print(out, plan, null, marks, target);
				return ExitCode.OK;
			}
			String runId = runId(context.clock().instant());
			Progress progress = Progress.start(context.progress(), spec.commandLine().getErr(), "Replaying",
					plan.size());
			Replayer.Result result = new Replayer(kafka, context.clock()).replay(plan, runId,
					(this.rate != null) ? this.rate.bucket() : null, progress);
			print(out, plan, result, marks, target);
			if (result.error() != null) {
				throw failure(result, plan, target);
			}
		}
		return ExitCode.OK;
	}

	private void print(PrintWriter out, ReplayPlan plan, Replayer.@Nullable Result result, ReplayMarks marks,
			String target) {
		if (this.json) {
			Json.print(out, json(plan, result, marks));
		}
		else if (plan.size() == 0) {
			out.println((plan.matched() == 0) ? "Nothing to replay: no dead-lettered deliveries match."
					: "Nothing to replay: the " + plan.matched() + " matching DLQ records were all replayed before "
							+ "(--again sends them again).");
		}
		else if (result == null) {
			List<DeadLetter> sample = plan.items().stream().limit(SAMPLE).map(ReplayPlan.Item::newest).toList();
			out.println("Dry run: would replay " + plan.size() + " " + DlqList.plural(plan.size()) + " to " + target
					+ skipped(plan) + ".");
			out.println("The first " + sample.size() + ":");
			DeliveryView.table(sample, marks).print(out);
			out.println("Nothing was sent or recorded.");
		}
		else {
			out.println("Replayed " + result.replayed().size() + " " + DlqList.plural(result.replayed().size()) + " to "
					+ target + skipped(plan) + " (run " + result.runId() + "); each keeps its original webhook-id.");
		}
		out.flush();
	}

	private String skipped(ReplayPlan plan) {
		if (plan.alreadyReplayed() == 0) {
			return "";
		}
		return this.again ? ", including " + plan.alreadyReplayed() + " replayed before"
				: ", skipping " + plan.alreadyReplayed() + " replayed before (--again includes them)";
	}

	private ObjectNode json(ReplayPlan plan, Replayer.@Nullable Result result, ReplayMarks marks) {
		ObjectNode root = Json.object();
		root.put("dryRun", this.dryRun);
		root.put("matched", plan.matched());
		root.put("alreadyReplayed", plan.alreadyReplayed());
		root.put("toReplay", plan.size());
		if (result != null) {
			root.put("runId", result.runId());
			root.put("replayed", result.replayed().size());
			root.put("notReplayed", result.notReplayed());
			root.put("unmarked", result.unmarked());
			ArrayNode ids = root.putArray("deliveryIds");
			result.replayed().forEach(ids::add);
		}
		else {
			root.put("replayed", 0);
			ArrayNode sample = root.putArray("sample");
			plan.items()
				.stream()
				.limit(SAMPLE)
				.forEach((item) -> sample.add(DeliveryView.json(item.newest(), marks.of(item.newest()), false)));
		}
		return root;
	}

	private static CliException failure(Replayer.Result result, ReplayPlan plan, String target) {
		Exception error = Objects.requireNonNull(result.error());
		String message = (result.notReplayed() > 0)
				? result.notReplayed() + " of " + plan.size() + " deliveries were not replayed to " + target + " ("
						+ error.getMessage() + "); run the same command again to send the rest"
				: result.unmarked() + " replayed DLQ records could not be recorded as replayed (" + error.getMessage()
						+ "); a later replay sends them again, with the same webhook-id";
		return (error instanceof TimeoutException) ? CliException.unreachable(message, error)
				: CliException.failed(message, error);
	}

	static String runId(Instant now) {
		byte[] random = new byte[3];
		RANDOM.nextBytes(random);
		return "rpl_" + RUN_TIME.format(now) + "_" + HexFormat.of().formatHex(random);
	}

}
