package dev.hookline.sender.http;

import java.util.Locale;

/**
 * Why an attempt got no usable HTTP answer. {@link #code()} is what the delivery log
 * records.
 */
public enum SendError {

	/** The whole exchange, reading of the body included, outlasted the total timeout. */
	TIMEOUT,

	/** The TCP connection could not be set up: refused, unreachable, or too slow. */
	CONNECT_ERROR,

	/** The endpoint closed or reset the connection before answering in full. */
	CONNECTION_RESET,

	/** The host name could not be resolved. */
	DNS_ERROR,

	/** The host resolved only to addresses the SSRF guard refuses. */
	BLOCKED_ADDRESS,

	/** The URL cannot be parsed, or is not an absolute http(s) URL with a host. */
	INVALID_URL,

	/** A plain http URL outside local mode. */
	INSECURE_URL,

	/** A custom header whose name or value cannot be sent. */
	INVALID_HEADER,

	/** A signing secret is not a {@code whsec_} base64 secret; nothing was sent. */
	INVALID_SECRET,

	/** The TLS handshake failed (certificate, protocol, or handshake timeout). */
	TLS_ERROR,

	/** Too many requests were already waiting for a connection to the same host. */
	POOL_EXHAUSTED,

	/** Any other I/O failure. */
	IO_ERROR,

	/** A failure inside the sender itself. */
	INTERNAL_ERROR;

	/** The lower-case name recorded in attempts, such as {@code connect_error}. */
	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

}
