package dev.hookline.sender.ssrf;

/**
 * What kind of network an address belongs to, as far as sending webhooks is concerned.
 */
enum AddressClass {

	/** Routable on the public internet: always allowed. */
	PUBLIC,

	/**
	 * Loopback, private (RFC 1918, unique local IPv6) and shared (CGNAT) addresses:
	 * allowed only in local mode.
	 */
	INTERNAL,

	/**
	 * Unspecified, link-local (cloud metadata lives there), multicast, broadcast,
	 * reserved and documentation ranges: never a webhook endpoint.
	 */
	FORBIDDEN

}
