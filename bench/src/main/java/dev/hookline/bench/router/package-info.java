/**
 * The router load benchmark: the real router, in this JVM, routing pre-produced events
 * against a large subscription catalogue on topics of its own, timed from its committed
 * offsets.
 */
@NullMarked
package dev.hookline.bench.router;

import org.jspecify.annotations.NullMarked;
