/**
 * The delivery worker: signs and POSTs deliveries and records every attempt.
 */
@NullMarked
package dev.hookline.worker;

import org.jspecify.annotations.NullMarked;
