/**
 * {@code ./hookline bench history}: the delivery history filled with millions of
 * attempts, then queried while more are written.
 */
@NullMarked
package dev.hookline.bench.history;

import org.jspecify.annotations.NullMarked;
