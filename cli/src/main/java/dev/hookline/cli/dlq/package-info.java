/**
 * {@code hookline dlq}: listing, inspecting and replaying dead-lettered deliveries.
 */
@NullMarked
package dev.hookline.cli.dlq;

import org.jspecify.annotations.NullMarked;
