package dev.hookline.bench.refs;

import org.HdrHistogram.Histogram;

/**
 * What a consumption-model reference ({@link ConsumerGroupReference},
 * {@link ShareGroupReference}) measured while it delivered a backlog of bodies.
 *
 * <p>
 * Every body ends either delivered (a 2xx answer) or given up, so
 * {@code deliveries + failed} is the number of bodies.
 *
 * @param deliveries bodies answered 2xx at least once
 * @param failed bodies never answered 2xx: a consumer group gives a body up after its
 * first failed attempt (the worker would hand it to a retry tier), a share group after
 * its last delivery attempt
 * @param duplicates 2xx answers to a body that had already been answered 2xx (a body
 * answered 3 times counts 2); a retry after a failed attempt is not a duplicate
 * @param perSecond bodies settled per second, from the consumer's start to the last body
 * settled
 * @param latencyMicros for each delivered body, the time from the consumer's start to its
 * first 2xx answer: the backlog was produced before the start, so this is how the backlog
 * drained, not a per-request latency
 */
public record ConsumptionResult(int deliveries, long failed, long duplicates, double perSecond,
		Histogram latencyMicros) {
}
