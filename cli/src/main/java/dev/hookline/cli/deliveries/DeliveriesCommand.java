package dev.hookline.cli.deliveries;

import picocli.CommandLine.Command;

/** {@code hookline deliveries}: the delivery history, through the admin API. */
@Command(name = "deliveries",
		description = "Read the delivery history: a subscription's deliveries, one delivery's attempts (admin key).",
		subcommands = { DeliveriesList.class, DeliveriesShow.class })
public final class DeliveriesCommand {

}
