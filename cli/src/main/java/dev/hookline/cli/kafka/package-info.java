/**
 * Kafka clients that fail fast when the cluster is unreachable, and reading a topic to
 * its current end.
 */
@NullMarked
package dev.hookline.cli.kafka;

import org.jspecify.annotations.NullMarked;
