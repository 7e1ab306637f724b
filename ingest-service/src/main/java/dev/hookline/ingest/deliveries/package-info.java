/**
 * Deliveries in the admin API: queueing a new attempt of one delivery (redeliver).
 */
@NullMarked
package dev.hookline.ingest.deliveries;

import org.jspecify.annotations.NullMarked;
