/**
 * The benchmark run of issue 5: the scenarios S1–S5 against the references, the search
 * for each scenario's maximum sustainable rate, the worker in processes of its own, and
 * the table of the goals.
 */
@NullMarked
package dev.hookline.bench.scenario;

import org.jspecify.annotations.NullMarked;
