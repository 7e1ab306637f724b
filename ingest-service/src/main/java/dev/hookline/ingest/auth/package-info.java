/**
 * API-key authentication: who is calling, for which tenant and with which role.
 */
@NullMarked
package dev.hookline.ingest.auth;

import org.jspecify.annotations.NullMarked;
