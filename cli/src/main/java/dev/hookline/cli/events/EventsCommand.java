package dev.hookline.cli.events;

import picocli.CommandLine.Command;

/** {@code hookline events}: publishing events over the API. */
@Command(name = "events", description = "Publish events through the HTTP API (producer key).",
		subcommands = EventsSend.class)
public final class EventsCommand {

}
