package dev.hookline.ingest.eventtypes;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How {@code POST /v1/events} is checked against the tenant's event-type catalogue, bound
 * from {@code hookline.ingest.event-types}. Both checks are off by default, so a tenant
 * without a catalogue publishes as before.
 *
 * @param rejectUnknown refuse (422) an event whose type is not in the tenant's catalogue
 * @param validateData refuse (422) an event whose data fails its type's JSON Schema
 * @param maxPerTenant entries one tenant's catalogue may hold; adding one more answers
 * 409
 */
@ConfigurationProperties("hookline.ingest.event-types")
record EventTypesProperties(@DefaultValue("false") boolean rejectUnknown, @DefaultValue("false") boolean validateData,
		@DefaultValue("1000") int maxPerTenant) {

	EventTypesProperties {
		if (maxPerTenant < 1) {
			throw new IllegalArgumentException(
					"hookline.ingest.event-types.max-per-tenant must be at least 1, was " + maxPerTenant);
		}
	}

	/** Whether any check needs the catalogue at all. */
	boolean checksEvents() {
		return this.rejectUnknown || this.validateData;
	}

}
