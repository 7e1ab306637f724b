/**
 * The SSRF guard: which URLs and resolved addresses a webhook may be sent to.
 */
@NullMarked
package dev.hookline.sender.ssrf;

import org.jspecify.annotations.NullMarked;
