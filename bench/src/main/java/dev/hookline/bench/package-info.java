/**
 * Benchmarks that print figures. They are never part of the test suite.
 */
@NullMarked
package dev.hookline.bench;

import org.jspecify.annotations.NullMarked;
