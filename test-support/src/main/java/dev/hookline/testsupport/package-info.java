/**
 * Test fixtures shared by Hookline's modules: a real HTTP receiver that verifies Standard
 * Webhooks signatures, and helpers to read topics.
 */
@NullMarked
package dev.hookline.testsupport;

import org.jspecify.annotations.NullMarked;
