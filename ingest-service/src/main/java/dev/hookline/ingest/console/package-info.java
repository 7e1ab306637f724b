/**
 * The admin console: static pages at {@code /console} that work on the public API only,
 * with the admin key the user signs in with.
 */
@NullMarked
package dev.hookline.ingest.console;

import org.jspecify.annotations.NullMarked;
