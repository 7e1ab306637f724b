package dev.hookline.worker.endpoint;

import dev.hookline.sender.http.SendError;
import dev.hookline.sender.http.SendResult;

/**
 * What one request tells about its endpoint's health, which is all the circuit breaker
 * counts; what the attempt means for the delivery is the outcome classifier's business.
 *
 * <ul>
 * <li>{@link #FAILURE}: the endpoint is down or overloaded: no answer in time
 * ({@code timeout}), no connection ({@code connect_error}, {@code connection_reset},
 * {@code dns_error}, {@code tls_error}, {@code io_error}), or an answer that says so:
 * 5xx, 408 Request Timeout, 429 Too Many Requests.</li>
 * <li>{@link #SUCCESS}: any other answer, 4xx included: the endpoint is up and answering,
 * even if it refuses this webhook; more requests would not hurt it.</li>
 * <li>{@link #IGNORED}: no request reached the endpoint for reasons of ours (a blocked
 * address, an invalid URL, header or secret, no free connection in the pool, an internal
 * error): they say nothing about the endpoint.</li>
 * </ul>
 */
enum Health {

	SUCCESS, FAILURE, IGNORED;

	static Health of(SendResult result) {
		Integer status = result.status();
		if (status != null) {
			return (status >= 500 || status == 408 || status == 429) ? FAILURE : SUCCESS;
		}
		return of(result.error());
	}

	private static Health of(SendError error) {
		return switch (error) {
			case TIMEOUT, CONNECT_ERROR, CONNECTION_RESET, DNS_ERROR, TLS_ERROR, IO_ERROR -> FAILURE;
			case BLOCKED_ADDRESS, INVALID_URL, INSECURE_URL, INVALID_HEADER, INVALID_SECRET, POOL_EXHAUSTED,
					INTERNAL_ERROR ->
				IGNORED;
		};
	}

}
