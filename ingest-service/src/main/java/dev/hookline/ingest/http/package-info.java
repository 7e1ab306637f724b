/**
 * HTTP plumbing of the API: reading JSON bodies within limits and answering every failure
 * as RFC 9457 problem+json.
 */
@NullMarked
package dev.hookline.ingest.http;

import org.jspecify.annotations.NullMarked;
