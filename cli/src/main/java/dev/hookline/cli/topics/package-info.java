/**
 * {@code hookline topics}: creating Hookline's topics.
 */
@NullMarked
package dev.hookline.cli.topics;

import org.jspecify.annotations.NullMarked;
