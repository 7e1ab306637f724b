package dev.hookline.sender.http;

import java.time.Duration;

/**
 * Limits of the {@link WebhookClient}.
 *
 * @param connectTimeout to set up the TCP connection
 * @param totalTimeout for the whole exchange: resolving, connecting, TLS, sending and
 * reading the response body
 * @param maxResponseBytes response bytes read at most; the connection is dropped after
 * that
 * @param snippetBytes response bytes kept as the snippet
 * @param maxConnectionsPerHost connections open at once to one host and port
 * @param maxPendingAcquires requests that may wait for a connection to one host and port
 */
public record SenderSettings(Duration connectTimeout, Duration totalTimeout, int maxResponseBytes, int snippetBytes,
		int maxConnectionsPerHost, int maxPendingAcquires) {

	public SenderSettings {
		if (connectTimeout.isNegative() || connectTimeout.isZero() || totalTimeout.isNegative()
				|| totalTimeout.isZero()) {
			throw new IllegalArgumentException("timeouts must be positive");
		}
		if (snippetBytes < 0 || maxResponseBytes < snippetBytes) {
			throw new IllegalArgumentException(
					"need 0 <= snippetBytes <= maxResponseBytes, was " + snippetBytes + " and " + maxResponseBytes);
		}
		if (maxConnectionsPerHost < 1 || maxPendingAcquires < 1) {
			throw new IllegalArgumentException("connection pool sizes must be at least 1");
		}
	}

	/**
	 * Connect 5 s, total 15 s, read 64 KiB, keep 1 KiB, 1000 connections and 5000 waiting
	 * requests per host.
	 */
	public static SenderSettings defaults() {
		return new SenderSettings(Duration.ofSeconds(5), Duration.ofSeconds(15), 64 * 1024, 1024, 1000, 5000);
	}

	public SenderSettings withTotalTimeout(Duration timeout) {
		return new SenderSettings(this.connectTimeout, timeout, this.maxResponseBytes, this.snippetBytes,
				this.maxConnectionsPerHost, this.maxPendingAcquires);
	}

}
