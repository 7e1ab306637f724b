/**
 * Sending one delivery: finding its subscription as it is now, signing with its live
 * secrets, POSTing, and handing the result to the next step.
 */
@NullMarked
package dev.hookline.worker.delivery;

import org.jspecify.annotations.NullMarked;
