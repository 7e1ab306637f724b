/**
 * The ingest service: event ingest for producers and the admin API.
 */
@NullMarked
package dev.hookline.ingest;

import org.jspecify.annotations.NullMarked;
