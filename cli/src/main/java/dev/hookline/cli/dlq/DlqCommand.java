package dev.hookline.cli.dlq;

import picocli.CommandLine.Command;

/** {@code hookline dlq}: the dead-letter commands. */
@Command(name = "dlq", description = "List, inspect and replay dead-lettered deliveries.",
		subcommands = { DlqList.class, DlqInspect.class, DlqReplay.class })
public final class DlqCommand {

}
