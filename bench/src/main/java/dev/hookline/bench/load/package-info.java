/**
 * The open-loop load generator and the measuring instruments the benchmark shares:
 * latency histograms, a duplicate counter and a replaceable time source.
 */
@NullMarked
package dev.hookline.bench.load;

import org.jspecify.annotations.NullMarked;
