package dev.hookline.ingest.deliverylog;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /v1/health} answers: the tenant's deliveries at a glance.
 *
 * @param tenant the tenant
 * @param at when it was computed
 * @param subscriptions how many subscriptions, and how many of them active
 * @param lastHour attempts that ended in the last 60 minutes
 * @param last24Hours attempts that ended in this hour and the 24 before it
 * @param deliveries deliveries waiting in a retry tier, and in the dead-letter topic,
 * over the history's retention
 * @param failingEndpoints subscriptions whose endpoint has failed every request since a
 * time, as the workers see it
 */
record TenantHealth(String tenant, Instant at, Subscriptions subscriptions, Attempts lastHour, Attempts last24Hours,
		Deliveries deliveries, FailingEndpoints failingEndpoints) {

	/**
	 * @param total all of the tenant's subscriptions
	 * @param active those active
	 */
	record Subscriptions(long total, long active) {

	}

	/**
	 * @param attempts attempts that sent a request
	 * @param succeeded answered 2xx
	 * @param failed the others
	 * @param successRate succeeded / attempts, or null without attempts
	 */
	record Attempts(long attempts, long succeeded, long failed, @Nullable Double successRate) {

		static Attempts of(long succeeded, long failed) {
			long attempts = succeeded + failed;
			return new Attempts(attempts, succeeded, failed, (attempts == 0) ? null : (double) succeeded / attempts);
		}

	}

	/**
	 * @param retrying waiting in a retry tier
	 * @param deadLettered in the dead-letter topic
	 */
	record Deliveries(long retrying, long deadLettered) {

	}

	/**
	 * @param count how many
	 * @param oldestSince since when the longest-failing one has failed, or null
	 * @param subscriptionIds the first 20 of them, longest-failing first
	 */
	record FailingEndpoints(long count, @Nullable Instant oldestSince, List<String> subscriptionIds) {

	}

	/**
	 * One instance's part: the attempts of the subscriptions whose history it holds.
	 *
	 * @param hourSucceeded 2xx attempts in the last hour
	 * @param hourFailed other attempts in the last hour
	 * @param daySucceeded 2xx attempts in the last 24 hours
	 * @param dayFailed other attempts in the last 24 hours
	 */
	record Part(long hourSucceeded, long hourFailed, long daySucceeded, long dayFailed) {

		static final Part NONE = new Part(0, 0, 0, 0);

		Part plus(Part other) {
			return new Part(this.hourSucceeded + other.hourSucceeded, this.hourFailed + other.hourFailed,
					this.daySucceeded + other.daySucceeded, this.dayFailed + other.dayFailed);
		}

	}

}
