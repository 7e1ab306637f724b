/**
 * What follows an attempt: its record in the delivery log, the retry tier or dead-letter
 * topic the delivery moves to, and disabling a subscription whose endpoint is gone or
 * keeps failing.
 */
@NullMarked
package dev.hookline.worker.outcome;

import org.jspecify.annotations.NullMarked;
