/**
 * Isolation between endpoints: a cap on the requests in flight to each, and a circuit
 * breaker per endpoint that sends its deliveries to the retry tiers without a request
 * while it fails, then lets traffic back in with a slow start.
 */
@NullMarked
package dev.hookline.worker.endpoint;

import org.jspecify.annotations.NullMarked;
