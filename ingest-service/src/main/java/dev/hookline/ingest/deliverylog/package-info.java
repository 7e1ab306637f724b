/**
 * The delivery log: an in-memory, bounded view of the deliveries and attempts topics,
 * behind the attempts and delivery admin endpoints and the subscriptions' health.
 */
@NullMarked
package dev.hookline.ingest.deliverylog;

import org.jspecify.annotations.NullMarked;
