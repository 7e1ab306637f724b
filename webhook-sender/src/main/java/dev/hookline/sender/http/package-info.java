/**
 * The HTTP side of sending one webhook: the signed POST, its timeouts and read caps, and
 * what came back.
 */
@NullMarked
package dev.hookline.sender.http;

import org.jspecify.annotations.NullMarked;
