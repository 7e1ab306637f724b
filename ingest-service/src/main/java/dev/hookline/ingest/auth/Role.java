package dev.hookline.ingest.auth;

/**
 * What an API key may do. A key has exactly one role.
 */
public enum Role {

	/** Publishes events: {@code POST /v1/events} only. */
	PRODUCER,

	/**
	 * Manages the tenant's subscriptions and the rest of the admin API; cannot publish.
	 */
	ADMIN,

	/**
	 * Runs the platform: creates tenants and issues, rotates and revokes their keys
	 * ({@code /v1/tenants}); belongs to no tenant, so reaches no tenant's resources.
	 * Configured only ({@code hookline.auth.operator-keys}), never issued.
	 */
	OPERATOR

}
