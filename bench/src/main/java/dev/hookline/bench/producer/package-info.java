/**
 * The producer's path through the HTTP API, measured against a raw HTTP hop
 * ({@code ./hookline bench producer}).
 */
@NullMarked
package dev.hookline.bench.producer;

import org.jspecify.annotations.NullMarked;
