package dev.hookline.worker.ratelimit;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.hookline.schemas.Subscription;
import io.github.bucket4j.TimeMeter;
import reactor.core.publisher.Mono;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitsTest {

	private final FakeTime time = new FakeTime();

	/** Timers set, run by the test as the fake time passes them. */
	private final List<Timer> timers = new ArrayList<>();

	private final RateLimits limits = new RateLimits(this.time,
			(task, delayNanos) -> this.timers.add(new Timer(this.time.nanos + delayNanos, task)));

	/** When each delivery went, in the order they went, as nanoseconds of fake time. */
	private final List<String> went = new ArrayList<>();

	@Test
	void aSubscriptionWithoutALimitNeverWaits() {
		for (int i = 0; i < 50; i++) {
			assertThat(this.limits.acquire(subscription("sub-1", 1, null))).isNull();
		}
		assertThat(this.limits.size()).isZero();
	}

	@Test
	void requestsOfALimitedSubscriptionGoEvenlySpacedInTheOrderTheyAsked() {
		ask(subscription("sub-1", 1, 5), "a", "b", "c", "d");

		runFor(Duration.ofSeconds(1));
		assertThat(this.went).containsExactly("a@0", "b@200", "c@400", "d@600");
	}

	@Test
	void aBucketHoldsATenthOfASecondsRequests() {
		ask(subscription("sub-1", 1, 100), "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11");

		assertThat(this.went).hasSize(10).allSatisfy((at) -> assertThat(at).endsWith("@0"));
		runFor(Duration.ofMillis(10));
		assertThat(this.went).hasSize(11).last().isEqualTo("11@10");
	}

	@Test
	void afterAStallNoMoreThanTheBucketGoesAtOnceAndTheRestStaysSpaced() {
		Subscription limited = subscription("sub-1", 1, 20);
		ask(limited, "a", "b", "c", "d", "e", "f", "g", "h");
		assertThat(this.went).containsExactly("a@0", "b@0");

		// the worker stalls for a second: no timer runs until then
		this.time.advance(Duration.ofSeconds(1));
		runFor(Duration.ZERO);
		assertThat(this.went).as("the two tokens the bucket holds, not the twenty slots that passed")
			.containsExactly("a@0", "b@0", "c@1000", "d@1000");
		runFor(Duration.ofMillis(200));
		assertThat(this.went).endsWith("e@1050", "f@1100", "g@1150", "h@1200");
	}

	@Test
	void requestsThatHadTheirTurnsButWaitedForTheEndpointLeaveSpacedAgain() {
		Subscription limited = subscription("sub-1", 1, 20);
		// turns came spaced, but the endpoint's slots were taken: eight go on together
		List<String> left = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			String name = "r" + i;
			Mono<Void> leave = this.limits.acquireToSend(limited);
			if (leave == null) {
				left.add(name + "@0");
			}
			else {
				leave.subscribe(null, null,
						() -> left.add(name + "@" + (this.time.nanos - FakeTime.START) / 1_000_000));
			}
		}

		runFor(Duration.ofMillis(350));
		assertThat(left).as("a bucket of one, a twentieth of a second's")
			.containsExactly("r0@0", "r1@50", "r2@100", "r3@150", "r4@200", "r5@250", "r6@300", "r7@350");
	}

	@Test
	void afterAnAssignmentBucketsHeldAndBuiltWithinASecondStartEmpty() {
		Subscription held = subscription("held", 1, 20);
		ask(held, "a");
		this.time.advance(Duration.ofSeconds(5));

		this.limits.ownersChanged();
		// the previous owner may have spent its burst a moment ago: nothing goes at once
		ask(held, "b");
		ask(subscription("taken-over", 1, 20), "c", "d");
		assertThat(this.went).containsExactly("a@0");
		runFor(Duration.ofMillis(100));
		assertThat(this.went).containsExactly("a@0", "b@5050", "c@5050", "d@5100");

		// a second later, a bucket built new starts full again
		this.time.advance(RateLimits.HAND_OFF);
		ask(subscription("quiet", 1, 20), "e", "f");
		assertThat(this.went).endsWith("e@6100", "f@6100");
	}

	@Test
	void noSecondAcrossAHandOffHoldsMoreThanTheLimitPlusATwentieth() {
		Subscription limited = subscription("sub-1", 1, 50);
		RateLimits previousOwner = new RateLimits(this.time,
				(task, delayNanos) -> this.timers.add(new Timer(this.time.nanos + delayNanos, task)));
		List<Long> sent = new ArrayList<>();
		// the previous owner sends all it may for 0.9 s, then lets go
		for (int i = 0; i < 200; i++) {
			sendNow(previousOwner, limited, sent);
			if (this.time.nanos - FakeTime.START >= 900_000_000L) {
				break;
			}
		}
		// the new owner is assigned the partition at once and sends all it may for a
		// second
		this.limits.ownersChanged();
		long end = this.time.nanos + Duration.ofSeconds(1).toNanos();
		while (this.time.nanos < end) {
			sendNow(this.limits, limited, sent);
		}

		long mostInASecond = 0;
		for (long from : sent) {
			mostInASecond = Math.max(mostInASecond,
					sent.stream().filter((at) -> at >= from && at < from + 1_000_000_000L).count());
		}
		assertThat(mostInASecond).as("the limit and a twentieth of it").isLessThanOrEqualTo(50 + 3);
	}

	/** Sends one request as soon as its bucket lets it go, moving the fake time on. */
	private void sendNow(RateLimits owner, Subscription subscription, List<Long> sent) {
		Mono<Void> leave = owner.acquireToSend(subscription);
		if (leave != null) {
			boolean[] left = new boolean[1];
			leave.subscribe(null, null, () -> left[0] = true);
			while (!left[0]) {
				runFor(Duration.ofMillis(1));
			}
		}
		sent.add(this.time.nanos);
	}

	@Test
	void subscriptionsDoNotShareABucket() {
		ask(subscription("sub-1", 1, 1), "a", "b");

		assertThat(this.limits.acquire(subscription("sub-2", 1, 1))).isNull();
	}

	@Test
	void aChangedLimitRebuildsTheBucketButAnotherChangeKeepsIt() {
		ask(subscription("sub-1", 1, 1), "a");
		assertThat(this.limits.acquire(subscription("sub-1", 2, 1))).as("same limit, same bucket").isNotNull();

		assertThat(this.limits.acquire(subscription("sub-1", 3, 10))).as("a new bucket, full").isNull();

		assertThat(this.limits.acquire(subscription("sub-1", 4, null))).isNull();
		assertThat(this.limits.size()).isZero();
	}

	@Test
	void bucketsIdleForAMinuteWithNothingWaitingAreDropped() {
		ask(subscription("busy", 1, 1), "a", "b");
		ask(subscription("quiet", 1, 1), "c");

		this.time.advance(RateLimits.IDLE.plusSeconds(1));
		this.limits.acquire(subscription("other", 1, null));

		// the busy subscription's second delivery still waits: its timer has not run
		assertThat(this.limits.size()).isOne();
	}

	private void ask(Subscription subscription, String... names) {
		for (String name : names) {
			Mono<Void> turn = this.limits.acquire(subscription);
			if (turn == null) {
				went(name);
			}
			else {
				turn.subscribe(null, null, () -> went(name));
			}
		}
	}

	private void went(String name) {
		this.went.add(name + "@" + (this.time.nanos - FakeTime.START) / 1_000_000);
	}

	/** Moves the fake time on, running each timer at its time. */
	private void runFor(Duration duration) {
		long end = this.time.nanos + duration.toNanos();
		while (true) {
			Timer next = this.timers.stream().min(Comparator.comparingLong(Timer::at)).orElse(null);
			if (next == null || next.at() > end) {
				break;
			}
			this.timers.remove(next);
			this.time.nanos = Math.max(this.time.nanos, next.at());
			next.task().run();
		}
		this.time.nanos = end;
	}

	private record Timer(long at, Runnable task) {
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

		static final long START = 1_000_000_000L;

		private long nanos = START;

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
