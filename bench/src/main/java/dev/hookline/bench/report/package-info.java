/**
 * The results of a benchmark run: one record per scenario, written as JSON, as a
 * self-contained HTML page with charts, and as a console table.
 */
@NullMarked
package dev.hookline.bench.report;

import org.jspecify.annotations.NullMarked;
