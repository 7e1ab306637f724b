/**
 * Kafka clients of the service: topic provisioning at start-up and a producer that never
 * blocks the event loop.
 */
@NullMarked
package dev.hookline.ingest.kafka;

import org.jspecify.annotations.NullMarked;
