/**
 * {@code hookline subscriptions}: a thin client of {@code /v1/subscriptions}.
 */
@NullMarked
package dev.hookline.cli.subscriptions;

import org.jspecify.annotations.NullMarked;
