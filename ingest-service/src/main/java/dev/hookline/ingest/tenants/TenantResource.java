package dev.hookline.ingest.tenants;

import java.time.Instant;
import java.util.List;

import dev.hookline.schemas.Tenant;
import org.jspecify.annotations.Nullable;

/**
 * A tenant as the API shows it.
 *
 * @param id its id, which its keys carry and every record of it is keyed by
 * @param name its display name, or null
 * @param createdAt when an operator created it
 */
record TenantResource(String id, @Nullable String name, Instant createdAt) {

	static TenantResource of(Tenant tenant) {
		return new TenantResource(tenant.getId(), tenant.getName(), tenant.getCreatedAt());
	}

	/**
	 * A page of a listing.
	 *
	 * @param data the tenants, in id order
	 * @param next the {@code after} value of the next page, or null on the last
	 */
	record Page(List<TenantResource> data, @Nullable String next) {

	}

}
