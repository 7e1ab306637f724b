/**
 * Routing: the Kafka Streams topology that matches each event against its tenant's
 * subscriptions and emits one delivery per match.
 */
@NullMarked
package dev.hookline.router.routing;

import org.jspecify.annotations.NullMarked;
