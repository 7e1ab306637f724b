package dev.hookline.schemas;

import java.time.Duration;

/**
 * One step of the retry schedule: a topic whose records all wait the same delay, so each
 * of its partitions is ordered by due time.
 *
 * @param name the tier's name, also the end of its topic name ({@code 1m}, {@code 5m},
 * ...)
 * @param topic the tier's topic
 * @param defaultDelay the production delay; deployments and tests may configure another
 */
public record RetryTier(String name, Topic<String, Delivery> topic, Duration defaultDelay) {

}
