package dev.hookline.cli.subscriptions;

import picocli.CommandLine.Command;

/**
 * {@code hookline subscriptions}: list, show, create, change, rotate the secret of, test
 * and delete subscriptions over the API, and their analytics.
 */
@Command(name = "subscriptions", description = "Manage subscriptions through the HTTP API (admin key).",
		subcommands = { SubscriptionsList.class, SubscriptionsGet.class, SubscriptionsCreate.class,
				SubscriptionsUpdate.class, SubscriptionsRotateSecret.class, SubscriptionsTest.class,
				SubscriptionsDelete.class, SubscriptionsStats.class })
public final class SubscriptionsCommand {

}
