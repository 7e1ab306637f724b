package dev.hookline.cli.eventtypes;

import picocli.CommandLine.Command;

/**
 * {@code hookline event-types}: list, put, show and delete the tenant's event types over
 * the API.
 */
@Command(name = "event-types", description = "Manage the event-type catalogue through the HTTP API (admin key).",
		subcommands = { EventTypesList.class, EventTypesPut.class, EventTypesGet.class, EventTypesDelete.class })
public final class EventTypesCommand {

}
