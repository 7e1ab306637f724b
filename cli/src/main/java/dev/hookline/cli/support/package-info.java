/**
 * What every command shares: exit codes and the one place that maps failures to them,
 * tables, JSON, times, rates and progress.
 */
@NullMarked
package dev.hookline.cli.support;

import org.jspecify.annotations.NullMarked;
