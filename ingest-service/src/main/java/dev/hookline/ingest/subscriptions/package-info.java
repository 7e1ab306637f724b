/**
 * The subscriptions admin API, backed by the compacted subscriptions topic.
 */
@NullMarked
package dev.hookline.ingest.subscriptions;

import org.jspecify.annotations.NullMarked;
