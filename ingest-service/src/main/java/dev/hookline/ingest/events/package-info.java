/**
 * Event ingest: validating producers' events and writing them to the events topic.
 */
@NullMarked
package dev.hookline.ingest.events;

import org.jspecify.annotations.NullMarked;
