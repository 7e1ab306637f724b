package dev.hookline.worker;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The opt-in per-subscription metrics, under {@code hookline.worker.metrics}; start-up
 * fails on an invalid setting.
 *
 * @param topSubscriptions how many subscriptions, those with the most failed attempts in
 * the last window, get gauges of their own with a {@code subscription} tag; 0 (the
 * default) for none: a tag per subscription would make one series per endpoint
 * @param topWindow the window those gauges count over, and how often the top list is
 * chosen again
 */
@ConfigurationProperties("hookline.worker.metrics")
public record MetricsSettings(@DefaultValue("0") int topSubscriptions, @DefaultValue("1m") Duration topWindow) {

	/** More would defeat the point of a bounded list. */
	public static final int MAX_TOP = 100;

	public MetricsSettings {
		if (topSubscriptions < 0 || topSubscriptions > MAX_TOP) {
			throw new IllegalArgumentException("hookline.worker.metrics.top-subscriptions must be from 0 to " + MAX_TOP
					+ ", was " + topSubscriptions);
		}
		if (topWindow.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException(
					"hookline.worker.metrics.top-window must be at least 1s, was " + topWindow);
		}
	}

}
