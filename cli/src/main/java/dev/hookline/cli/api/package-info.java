/**
 * A small client of Hookline's HTTP API that turns its answers into exit codes.
 */
@NullMarked
package dev.hookline.cli.api;

import org.jspecify.annotations.NullMarked;
