package dev.hookline.cli.kafka;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One record read from a topic, decoded.
 *
 * @param partition its partition
 * @param offset its offset
 * @param timestamp its Kafka timestamp
 * @param key its key
 * @param value its value; {@code null} for a tombstone
 */
public record Scanned<V>(int partition, long offset, Instant timestamp, @Nullable String key, @Nullable V value) {

}
