/**
 * {@code hookline event-types}: a thin client of {@code /v1/event-types}, the tenant's
 * event-type catalogue.
 */
@NullMarked
package dev.hookline.cli.eventtypes;

import org.jspecify.annotations.NullMarked;
