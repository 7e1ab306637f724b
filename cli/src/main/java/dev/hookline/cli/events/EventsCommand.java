package dev.hookline.cli.events;

import picocli.CommandLine.Command;

/**
 * {@code hookline events}: publishing events over the API, and where one went.
 */
@Command(name = "events",
		description = "Publish events (producer key) and show where one went (admin key), through the HTTP API.",
		subcommands = { EventsSend.class, EventsShow.class })
public final class EventsCommand {

}
