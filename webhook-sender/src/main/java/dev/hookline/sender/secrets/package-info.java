/**
 * Signing secrets: generation and encryption at rest.
 */
@NullMarked
package dev.hookline.sender.secrets;

import org.jspecify.annotations.NullMarked;
