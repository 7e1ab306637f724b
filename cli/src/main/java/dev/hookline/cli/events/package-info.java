/**
 * {@code hookline events send}: a thin client of {@code POST /v1/events}.
 */
@NullMarked
package dev.hookline.cli.events;

import org.jspecify.annotations.NullMarked;
