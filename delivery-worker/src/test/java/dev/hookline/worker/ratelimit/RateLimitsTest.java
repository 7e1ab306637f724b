package dev.hookline.worker.ratelimit;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import dev.hookline.schemas.Subscription;
import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitsTest {

	private final FakeTime time = new FakeTime();

	private final RateLimits limits = new RateLimits(this.time);

	@Test
	void aSubscriptionWithoutALimitNeverWaits() {
		assertThat(reserve(subscription("sub-1", 1, null), 50)).containsOnly(Duration.ZERO);
		assertThat(this.limits.size()).isZero();
	}

	@Test
	void requestsOfALimitedSubscriptionAreSpacedEvenlyInTheOrderTheyAsked() {
		assertThat(reserve(subscription("sub-1", 1, 5), 4)).containsExactly(Duration.ZERO, Duration.ofMillis(200),
				Duration.ofMillis(400), Duration.ofMillis(600));

		this.time.advance(Duration.ofMillis(700));
		assertThat(this.limits.reserve(subscription("sub-1", 1, 5))).isEqualTo(Duration.ofMillis(100));
	}

	@Test
	void aBucketHoldsATenthOfASecondsRequests() {
		assertThat(reserve(subscription("sub-1", 1, 100), 11)).filteredOn(Duration::isZero).hasSize(10);
	}

	@Test
	void subscriptionsDoNotShareABucket() {
		reserve(subscription("sub-1", 1, 1), 10);

		assertThat(this.limits.reserve(subscription("sub-2", 1, 1))).isZero();
	}

	@Test
	void aChangedLimitRebuildsTheBucketButAnotherChangeKeepsIt() {
		reserve(subscription("sub-1", 1, 1), 5);
		assertThat(this.limits.reserve(subscription("sub-1", 2, 1))).isEqualTo(Duration.ofSeconds(5));

		assertThat(reserve(subscription("sub-1", 3, 10), 2)).containsExactly(Duration.ZERO, Duration.ofMillis(100));

		assertThat(this.limits.reserve(subscription("sub-1", 4, null))).isZero();
		assertThat(this.limits.size()).isZero();
	}

	@Test
	void bucketsIdleForAMinuteAfterTheirLastSlotAreDropped() {
		reserve(subscription("busy", 1, 1), 90);
		reserve(subscription("quiet", 1, 1), 1);

		this.time.advance(RateLimits.IDLE.plusSeconds(1));
		this.limits.reserve(subscription("other", 1, null));

		// the busy subscription's last slot is still 89 s ahead
		assertThat(this.limits.size()).isOne();
		assertThat(this.limits.reserve(subscription("busy", 1, 1))).isEqualTo(Duration.ofSeconds(90 - 61));
	}

	private List<Duration> reserve(Subscription subscription, int times) {
		return IntStream.range(0, times).mapToObj((i) -> this.limits.reserve(subscription)).toList();
	}

	/** A subscription of tenant acme (also used by {@link WaitingDeliveriesTest}). */
	static Subscription subscription(String id, long version, Integer rateLimit) {
		Instant now = Instant.parse("2026-03-10T12:00:00Z");
		return Subscription.newBuilder()
			.setId(id)
			.setTenant("acme")
			.setUrl("https://hooks.example.com/" + id)
			.setSecret(ByteBuffer.wrap(new byte[] { 1 }))
			.setEventTypes(List.of("*"))
			.setRateLimit(rateLimit)
			.setVersion(version)
			.setCreatedAt(now)
			.setUpdatedAt(now)
			.build();
	}

	private static final class FakeTime implements TimeMeter {

		private long nanos = 1_000_000_000L;

		void advance(Duration duration) {
			this.nanos += duration.toNanos();
		}

		@Override
		public long currentTimeNanos() {
			return this.nanos;
		}

		@Override
		public boolean isWallClockBased() {
			return false;
		}

	}

}
