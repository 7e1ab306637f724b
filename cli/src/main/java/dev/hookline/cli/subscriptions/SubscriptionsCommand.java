package dev.hookline.cli.subscriptions;

import picocli.CommandLine.Command;

/** {@code hookline subscriptions}: list, create and delete subscriptions over the API. */
@Command(name = "subscriptions", description = "Manage subscriptions through the HTTP API (admin key).",
		subcommands = { SubscriptionsList.class, SubscriptionsCreate.class, SubscriptionsDelete.class })
public final class SubscriptionsCommand {

}
