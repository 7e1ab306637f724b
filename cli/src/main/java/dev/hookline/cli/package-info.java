/**
 * The {@code hookline} command line: global options, settings and wiring.
 */
@NullMarked
package dev.hookline.cli;

import org.jspecify.annotations.NullMarked;
