package dev.hookline.cli.topics;

import picocli.CommandLine.Command;

/** {@code hookline topics}: the group of topic commands. */
@Command(name = "topics", description = "Set up Hookline's Kafka topics.", subcommands = TopicsCreate.class)
public final class TopicsCommand {

}
