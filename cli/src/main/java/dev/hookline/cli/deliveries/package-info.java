/**
 * {@code hookline redeliver}: a thin client of {@code POST
 * /v1/deliveries/{id}/redeliver}.
 */
@NullMarked
package dev.hookline.cli.deliveries;

import org.jspecify.annotations.NullMarked;
