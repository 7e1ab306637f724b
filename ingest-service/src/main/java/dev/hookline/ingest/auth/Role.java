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
	ADMIN

}
