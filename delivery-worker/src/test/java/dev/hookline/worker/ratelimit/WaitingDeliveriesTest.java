package dev.hookline.worker.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hookline.schemas.Subscription;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WaitingDeliveriesTest {

	private final WaitingDeliveries waiting = new WaitingDeliveries(5, Duration.ofSeconds(10));

	private final AtomicInteger resumed = new AtomicInteger();

	@Test
	void aSubscriptionIsFullWithMaxWaitingDeliveriesWaiting() {
		start(limited("sub-1", 2), 4);
		assertThat(this.waiting.whenFull("sub-1", this.resumed::incrementAndGet)).isFalse();

		start(limited("sub-1", 2), 1);
		assertThat(this.waiting.whenFull("sub-1", this.resumed::incrementAndGet)).isTrue();
		assertThat(this.waiting.waiting("sub-1")).isEqualTo(5);
	}

	@Test
	void aSlowSubscriptionIsFullWithMaxWaitWorthOfItsRate() {
		WaitingDeliveries tenSeconds = new WaitingDeliveries(100, Duration.ofSeconds(10));
		for (int i = 0; i < 9; i++) {
			tenSeconds.started(limited("slow", 1));
			tenSeconds.started(limited("fast", 1000));
		}
		assertThat(tenSeconds.whenFull("slow", this.resumed::incrementAndGet)).isFalse();

		tenSeconds.started(limited("slow", 1));
		assertThat(tenSeconds.whenFull("slow", this.resumed::incrementAndGet)).isTrue();
		for (int i = 9; i < 99; i++) {
			tenSeconds.started(limited("fast", 1000));
		}
		assertThat(tenSeconds.whenFull("fast", this.resumed::incrementAndGet)).isFalse();
		tenSeconds.started(limited("fast", 1000));
		assertThat(tenSeconds.whenFull("fast", this.resumed::incrementAndGet)).isTrue();
	}

	@Test
	void whoFoundASubscriptionFullIsToldOnceWhenHalfOfItsDeliveriesHaveLeft() {
		start(limited("sub-1", 2), 5);
		this.waiting.whenFull("sub-1", this.resumed::incrementAndGet);

		end("sub-1", 2);
		assertThat(this.resumed).hasValue(0);
		end("sub-1", 1);
		assertThat(this.resumed).hasValue(1);
		end("sub-1", 2);
		assertThat(this.resumed).hasValue(1);
		assertThat(this.waiting.waiting("sub-1")).isZero();
	}

	@Test
	void everyoneWhoFoundTheSubscriptionFullIsTold() {
		start(limited("sub-1", 2), 5);
		this.waiting.whenFull("sub-1", this.resumed::incrementAndGet);
		this.waiting.whenFull("sub-1", this.resumed::incrementAndGet);

		end("sub-1", 3);
		assertThat(this.resumed).hasValue(2);
	}

	@Test
	void findingASubscriptionWithRoomLeavesNothingToTell() {
		start(limited("sub-1", 2), 4);
		this.waiting.whenFull("sub-1", this.resumed::incrementAndGet);
		this.waiting.whenFull("sub-2", this.resumed::incrementAndGet);

		end("sub-1", 4);
		assertThat(this.resumed).hasValue(0);
	}

	@Test
	void subscriptionsAreCountedApart() {
		start(limited("sub-1", 2), 5);
		start(limited("sub-2", 2), 2);

		assertThat(this.waiting.whenFull("sub-2", this.resumed::incrementAndGet)).isFalse();
		assertThat(this.waiting.waiting()).isEqualTo(7);
		end("sub-2", 2);
		assertThat(this.waiting.waiting()).isEqualTo(5);
		assertThat(this.waiting.whenFull("sub-1", this.resumed::incrementAndGet)).isTrue();
	}

	private void start(Subscription subscription, int times) {
		for (int i = 0; i < times; i++) {
			this.waiting.started(subscription);
		}
	}

	private void end(String subscriptionId, int times) {
		for (int i = 0; i < times; i++) {
			this.waiting.ended(subscriptionId);
		}
	}

	private static Subscription limited(String id, int perSecond) {
		return RateLimitsTest.subscription(id, 1, perSecond);
	}

}
