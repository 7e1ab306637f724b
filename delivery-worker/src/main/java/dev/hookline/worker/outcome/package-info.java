/**
 * What follows an attempt: its record in the delivery log, and (in later versions) the
 * retry tier or dead-letter topic the delivery moves to.
 */
@NullMarked
package dev.hookline.worker.outcome;

import org.jspecify.annotations.NullMarked;
