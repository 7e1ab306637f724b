package dev.hookline.ingest.subscriptions;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.hookline.ingest.http.ApiException;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Keeps test-sends of one subscription to a trickle (a token bucket per subscription), so
 * the API cannot be used to flood an endpoint. Local to this instance. Over the limit,
 * {@link #acquire} throws a 429 {@link ApiException} with {@code Retry-After}.
 */
final class TestSendLimiter {

	/**
	 * Buckets kept at most; past this they are all forgotten, which only loosens limits.
	 */
	private static final int MAX_BUCKETS = 10_000;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	private final int burst;

	private final Duration interval;

	TestSendLimiter(int burst, Duration interval) {
		this.burst = burst;
		this.interval = interval;
	}

	void acquire(String subscriptionId) {
		if (this.buckets.size() >= MAX_BUCKETS) {
			this.buckets.clear();
		}
		ConsumptionProbe probe = this.buckets.computeIfAbsent(subscriptionId, (id) -> newBucket())
			.tryConsumeAndReturnRemaining(1);
		if (!probe.isConsumed()) {
			long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds()
					+ ((probe.getNanosToWaitForRefill() % 1_000_000_000L > 0) ? 1 : 0));
			throw ApiException
				.of(HttpStatus.TOO_MANY_REQUESTS, "test-send-rate-limited", "Too many test-sends",
						"This subscription was test-sent too often; try again in " + seconds + " s.")
				.withHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		}
	}

	private Bucket newBucket() {
		return Bucket.builder().addLimit((limit) -> limit.capacity(this.burst).refillGreedy(1, this.interval)).build();
	}

}
