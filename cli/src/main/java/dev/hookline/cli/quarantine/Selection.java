package dev.hookline.cli.quarantine;

import java.util.ArrayList;
import java.util.List;

import dev.hookline.cli.support.CliException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Which quarantined records a command acts on: ids, or every one that matches. */
final class Selection {

	@Parameters(paramLabel = "ID", arity = "0..*",
			description = "Ids of quarantined records, as listed: topic-partition@offset.")
	List<String> ids = new ArrayList<>();

	@Option(names = "--all", description = "Every quarantined record that matches --topic and --reason.")
	boolean all;

	@Option(names = "--topic", paramLabel = "TOPIC", description = "With --all: only records read from this topic.")
	@Nullable String topic;

	@Option(names = "--reason", paramLabel = "REASON",
			description = "With --all: only this reason (undecodable, invalid, tenant_mismatch).")
	@Nullable String reason;

	/**
	 * The entries selected; a usage error unless exactly one of ids and --all is given.
	 */
	List<QuarantineEntries.Entry> of(QuarantineEntries quarantine) {
		if (this.all == !this.ids.isEmpty()) {
			throw CliException.usage("give the ids of quarantined records, or --all (with --topic, --reason)");
		}
		if (!this.all && (this.topic != null || this.reason != null)) {
			throw CliException.usage("--topic and --reason go with --all");
		}
		return this.all ? quarantine.matching(this.topic, this.reason)
				: quarantine.require(this.ids.stream().map(String::strip).distinct().toList());
	}

}
