/**
 * The tenant's event-type catalogue: its admin API, backed by the compacted event-types
 * topic, and the validation of published events against it.
 */
@NullMarked
package dev.hookline.ingest.eventtypes;

import org.jspecify.annotations.NullMarked;
