package dev.hookline.ingest.subscriptions;

import java.time.Duration;

import dev.hookline.ingest.http.RotationOverlap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the subscriptions admin API, bound from
 * {@code hookline.ingest.subscriptions}; an out-of-range value fails the start-up with
 * {@link IllegalArgumentException}.
 *
 * @param rotationOverlap how long the previous secret keeps signing after a
 * {@code rotate-secret} that does not say ({@code expiresIn})
 * @param secretSweepInterval how often expired previous secrets are removed from the
 * subscriptions that still carry them
 * @param testConnectTimeout time to open the TCP connection of a test-send (the worker's
 * default)
 * @param testTimeout time for a whole test-send, reading the response included (the
 * worker's default)
 * @param testSendBurst test-sends one subscription may make in a burst
 * @param testSendInterval time after which one more test-send of a subscription is
 * allowed, up to the burst
 * @param maxPerTenant subscriptions one tenant may have; creating one more answers 409
 */
@ConfigurationProperties("hookline.ingest.subscriptions")
public record SubscriptionsProperties(@DefaultValue("24h") Duration rotationOverlap,
		@DefaultValue("1m") Duration secretSweepInterval, @DefaultValue("5s") Duration testConnectTimeout,
		@DefaultValue("15s") Duration testTimeout, @DefaultValue("5") int testSendBurst,
		@DefaultValue("1s") Duration testSendInterval, @DefaultValue("1000") int maxPerTenant) {

	public SubscriptionsProperties {
		require(!rotationOverlap.isNegative() && rotationOverlap.compareTo(RotationOverlap.MAX) <= 0,
				"rotation-overlap must be between 0 and 7d, was " + rotationOverlap);
		require(secretSweepInterval.compareTo(Duration.ofMillis(100)) >= 0,
				"secret-sweep-interval must be at least 100ms, was " + secretSweepInterval);
		require(positive(testConnectTimeout) && positive(testTimeout),
				"test-connect-timeout and test-timeout must be positive");
		require(testSendBurst >= 1, "test-send-burst must be at least 1, was " + testSendBurst);
		require(positive(testSendInterval), "test-send-interval must be positive, was " + testSendInterval);
		require(maxPerTenant >= 1, "max-per-tenant must be at least 1, was " + maxPerTenant);
	}

	private static boolean positive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException("hookline.ingest.subscriptions." + message);
		}
	}

}
