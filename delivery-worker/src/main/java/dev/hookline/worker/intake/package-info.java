/**
 * Taking deliveries from Kafka: the consumer group, in-order offset commits behind
 * asynchronous sends, and backpressure.
 */
@NullMarked
package dev.hookline.worker.intake;

import org.jspecify.annotations.NullMarked;
