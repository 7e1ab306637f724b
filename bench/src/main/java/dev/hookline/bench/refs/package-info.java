/**
 * The references every benchmark figure is a ratio to, measured in the same run on the
 * same machine: what Kafka alone does with the pipeline's producer settings, what the
 * HTTP client alone does against the receiver, and what a textbook spring-kafka listener
 * does.
 */
@NullMarked
package dev.hookline.bench.refs;

import org.jspecify.annotations.NullMarked;
