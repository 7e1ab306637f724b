package dev.hookline.ingest.deliverylog;

import java.util.List;

/**
 * One event as {@code GET /v1/events/{id}} shows it: its deliveries, one per subscription
 * it went to, each with its state and attempts.
 *
 * @param id the event id
 * @param type its type
 * @param deliveries its deliveries, by subscription id
 */
record EventResource(String id, String type, List<DeliveryResource> deliveries) {

}
