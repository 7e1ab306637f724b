/**
 * The contract between Hookline's modules: Avro records, their serde, topic descriptors
 * and the identifiers every module derives the same way.
 */
@NullMarked
package dev.hookline.schemas;

import org.jspecify.annotations.NullMarked;
