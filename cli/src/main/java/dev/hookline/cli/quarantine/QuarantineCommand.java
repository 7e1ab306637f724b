package dev.hookline.cli.quarantine;

import picocli.CommandLine.Command;

/** {@code hookline quarantine}: the quarantine commands. */
@Command(name = "quarantine",
		description = "List, inspect, re-inject and discard records that a Hookline service could not decode or "
				+ "would not trust.",
		subcommands = { QuarantineList.class, QuarantineInspect.class, QuarantineReinject.class,
				QuarantineDiscard.class })
public final class QuarantineCommand {

}
