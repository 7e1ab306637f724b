/**
 * The router: a Kafka Streams app that turns each event into one delivery per matching
 * subscription.
 */
@NullMarked
package dev.hookline.router;

import org.jspecify.annotations.NullMarked;
