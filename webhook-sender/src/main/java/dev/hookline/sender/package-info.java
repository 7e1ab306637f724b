/**
 * Sending one webhook, shared by the delivery worker and the API's test-send.
 */
@NullMarked
package dev.hookline.sender;

import org.jspecify.annotations.NullMarked;
