/**
 * The retry schedule: which tier a failed delivery waits in next, and until when.
 */
@NullMarked
package dev.hookline.worker.retry;

import org.jspecify.annotations.NullMarked;
