/**
 * Standard Webhooks signatures.
 */
@NullMarked
package dev.hookline.sender.signing;

import org.jspecify.annotations.NullMarked;
