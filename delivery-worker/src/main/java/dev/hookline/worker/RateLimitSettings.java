package dev.hookline.worker;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many deliveries of one rate-limited subscription may wait for their turn, under
 * {@code hookline.worker.rate-limit}; start-up fails on an invalid setting.
 *
 * <p>
 * A subscription may have {@code min(maxWaiting, rateLimit × maxWait)} deliveries waiting
 * (at least one). When it has that many, the worker stops reading the partition of its
 * next delivery, and reads it again once half of them have been sent. The rest of its
 * backlog stays in Kafka, so it cannot take all of {@code hookline.worker.max-in-flight}
 * and slow down the other endpoints.
 *
 * @param maxWaiting deliveries of one subscription that may wait for their rate-limit
 * slot at once
 * @param maxWait roughly the longest a delivery waits for its slot: a subscription
 * limited to r requests per second may have no more than r × max-wait deliveries waiting
 */
@ConfigurationProperties("hookline.worker.rate-limit")
public record RateLimitSettings(@DefaultValue("100") int maxWaiting, @DefaultValue("10s") Duration maxWait) {

	public RateLimitSettings {
		if (maxWaiting < 1) {
			throw new IllegalArgumentException("hookline.worker.rate-limit.max-waiting must be at least 1");
		}
		if (maxWait.isNegative() || maxWait.isZero()) {
			throw new IllegalArgumentException("hookline.worker.rate-limit.max-wait must be positive");
		}
	}

}
