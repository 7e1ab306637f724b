/**
 * What the result of an HTTP attempt means for its delivery.
 */
@NullMarked
package dev.hookline.sender.outcome;

import org.jspecify.annotations.NullMarked;
