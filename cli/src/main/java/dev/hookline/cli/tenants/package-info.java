/**
 * {@code hookline tenants} and {@code hookline keys}: the operator's commands, clients of
 * {@code /v1/tenants} with the operator key.
 */
@NullMarked
package dev.hookline.cli.tenants;

import org.jspecify.annotations.NullMarked;
