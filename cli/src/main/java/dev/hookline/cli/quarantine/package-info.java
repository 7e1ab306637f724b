/**
 * {@code hookline quarantine}: the records no reader could decode or would trust, listed,
 * inspected, re-injected into their topic or discarded.
 */
@NullMarked
package dev.hookline.cli.quarantine;

import org.jspecify.annotations.NullMarked;
