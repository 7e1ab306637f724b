package dev.hookline.ingest.auth;

/**
 * The authenticated caller of a request: the tenant and role of its API key. Handlers
 * read it with {@code @RequestAttribute(Caller.ATTRIBUTE)}; every call is scoped to its
 * tenant.
 *
 * @param tenant the tenant the key belongs to
 * @param role what the key may do
 */
public record Caller(String tenant, Role role) {

	/** The exchange attribute holding the caller of an authenticated request. */
	public static final String ATTRIBUTE = "hookline.caller";

}
