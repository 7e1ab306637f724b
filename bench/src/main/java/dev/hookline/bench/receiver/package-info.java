/**
 * The benchmark receiver: a Reactor Netty webhook endpoint run in its own JVM, with
 * per-path latency and failure modes, delivery counters, end-to-end latency histograms
 * and a report of its own headroom.
 */
@NullMarked
package dev.hookline.bench.receiver;

import org.jspecify.annotations.NullMarked;
