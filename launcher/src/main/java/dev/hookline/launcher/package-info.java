/**
 * The embedded mode: a KRaft broker and the three services in one process.
 */
@NullMarked
package dev.hookline.launcher;

import org.jspecify.annotations.NullMarked;
