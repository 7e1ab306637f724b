/**
 * Per-subscription rate limits: how long a delivery waits for its subscription's turn.
 */
@NullMarked
package dev.hookline.worker.ratelimit;

import org.jspecify.annotations.NullMarked;
