package dev.hookline.sender.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import dev.hookline.sender.ssrf.BlockedAddressException;
import io.netty.resolver.dns.DnsNameResolverException;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Maps what an exchange failed with to the error class recorded in the delivery log.
 */
final class Failures {

	private Failures() {
	}

	static SendError classify(Throwable failure) {
		for (@Nullable
		Throwable cause = failure; cause != null; cause = cause.getCause()) {
			SendError known = classifyOne(cause);
			if (known != null) {
				return known;
			}
		}
		return (failure instanceof IOException) ? SendError.IO_ERROR : SendError.INTERNAL_ERROR;
	}

	private static @Nullable SendError classifyOne(Throwable cause) {
		if (cause instanceof BlockedAddressException) {
			return SendError.BLOCKED_ADDRESS;
		}
		if (cause instanceof TimeoutException) {
			return SendError.TIMEOUT;
		}
		if (cause instanceof UnknownHostException || cause instanceof DnsNameResolverException) {
			return SendError.DNS_ERROR;
		}
		if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
			return SendError.CONNECT_ERROR;
		}
		if (cause instanceof SSLException) {
			return SendError.TLS_ERROR;
		}
		if (cause instanceof PrematureCloseException || cause instanceof ClosedChannelException || isReset(cause)) {
			return SendError.CONNECTION_RESET;
		}
		// Reactor Netty shades its pool into an internal package: match by name rather
		// than depend on that package.
		if ("PoolAcquirePendingLimitException".equals(cause.getClass().getSimpleName())) {
			return SendError.POOL_EXHAUSTED;
		}
		return null;
	}

	private static boolean isReset(Throwable cause) {
		String message = cause.getMessage();
		return cause instanceof IOException && message != null
				&& (message.contains("Connection reset") || message.contains("Broken pipe"));
	}

}
