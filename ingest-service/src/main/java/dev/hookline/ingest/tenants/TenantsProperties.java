package dev.hookline.ingest.tenants;

import java.time.Duration;

import dev.hookline.ingest.http.RotationOverlap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the operator's tenants API, bound from {@code hookline.tenants}.
 *
 * @param keyRotationOverlap how long a rotated key stays accepted beside its replacement
 * when the rotation does not say ({@code expiresIn}); 0 to 7 days, default 24 h
 */
@ConfigurationProperties("hookline.tenants")
record TenantsProperties(@DefaultValue("24h") Duration keyRotationOverlap) {

	TenantsProperties {
		if (keyRotationOverlap.isNegative() || keyRotationOverlap.compareTo(RotationOverlap.MAX) > 0) {
			throw new IllegalArgumentException(
					"hookline.tenants.key-rotation-overlap must be between 0 and 7d, was " + keyRotationOverlap);
		}
	}

}
