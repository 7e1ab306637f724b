/**
 * Tenants and API keys at run time: an operator creates tenants and issues, lists,
 * rotates and revokes their keys ({@code /v1/tenants}), stored hashed on compacted topics
 * that every ingest instance follows.
 */
@NullMarked
package dev.hookline.ingest.tenants;

import org.jspecify.annotations.NullMarked;
