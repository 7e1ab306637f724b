/**
 * The chaos run: many workers killed at random under flaky endpoints, and the ledger that
 * proves nothing was lost.
 */
@NullMarked
package dev.hookline.bench.chaos;

import org.jspecify.annotations.NullMarked;
