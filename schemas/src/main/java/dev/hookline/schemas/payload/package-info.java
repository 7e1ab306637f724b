/**
 * A subscription's payload rules, shared by the ingest service (which validates them) and
 * the router (which applies them): the filter an event's data must pass and the allowlist
 * of data fields a subscriber receives.
 */
@NullMarked
package dev.hookline.schemas.payload;

import org.jspecify.annotations.NullMarked;
