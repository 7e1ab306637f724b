package dev.hookline.worker;

import java.time.Duration;
import java.util.List;

import dev.hookline.schemas.RetryTier;
import dev.hookline.schemas.Topics;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The retry schedule, under {@code hookline.worker.retry}; start-up fails on an invalid
 * one.
 *
 * @param delays how long a delivery waits in each retry tier, in tier order (1m, 5m, 30m,
 * 2h, 12h); one per tier, none shorter than the one before
 * @param jitter each wait is lengthened by a random fraction of itself below this (0.1:
 * up to 10 % later, never earlier), so that deliveries failed together do not all come
 * back at once
 */
@ConfigurationProperties("hookline.worker.retry")
public record RetrySettings(@DefaultValue( {
		"1m", "5m", "30m", "2h", "12h" }) List<Duration> delays, @DefaultValue("0.1") double jitter){

	private static final int TIERS = Topics.withDefaultPrefix().retryTiers().size();

	public RetrySettings {
		delays = List.copyOf(delays);
		require(delays.size() == TIERS, "delays lists " + delays.size() + " delays; there are " + TIERS
				+ " retry tiers, " + Topics.withDefaultPrefix().retryTiers().stream().map(RetryTier::name).toList());
		for (int i = 0; i < delays.size(); i++) {
			require(!delays.get(i).isNegative() && !delays.get(i).isZero(), "delays must be positive");
			require(i == 0 || delays.get(i).compareTo(delays.get(i - 1)) >= 0,
					"delays must not get shorter from one tier to the next");
		}
		require(jitter >= 0 && jitter <= 1, "jitter must be between 0 and 1");
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException("hookline.worker.retry." + message);
		}
	}

}
