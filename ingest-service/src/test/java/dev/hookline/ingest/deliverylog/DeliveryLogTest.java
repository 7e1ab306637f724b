package dev.hookline.ingest.deliverylog;

import java.time.Duration;
import java.time.Instant;

import dev.hookline.ingest.IngestProperties;
import dev.hookline.ingest.subscriptions.SubscriptionStats;
import dev.hookline.ingest.subscriptions.SubscriptionStats.LastStatus;
import dev.hookline.schemas.Delivery;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static dev.hookline.ingest.deliverylog.LogRecords.T0;
import static dev.hookline.ingest.deliverylog.LogRecords.attempt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery log without Kafka: states, counters, and what its caps and retention
 * evict.
 */
class DeliveryLogTest {

	private static final String RETRY_1M = "hookline.deliveries.retry.1m";

	private static final AttemptQuery ALL = AttemptQuery.parse(null, null, null, null, "500", null);

	@Test
	void pastMaxDeliveriesTheLeastRecentlyHeardOfIsEvictedWithItsAttempts() {
		DeliveryLog log = log(Duration.ofDays(7), 3, 1000);
		Delivery first = queue(log, "evt_1", T0);
		Delivery second = queue(log, "evt_2", T0.plusSeconds(1));
		Delivery third = queue(log, "evt_3", T0.plusSeconds(2));
		attempted(log, first, 1, T0.plusSeconds(3), 200, "done");

		queue(log, "evt_4", T0.plusSeconds(4));

		assertThat(log.size()).isEqualTo(3);
		assertThat(log.delivery("acme", second.getDeliveryId())).as("the least recently heard of").isEmpty();
		assertThat(log.delivery("acme", first.getDeliveryId())).as("heard of again by its attempt").isPresent();
		assertThat(log.delivery("acme", third.getDeliveryId())).isPresent();

		queue(log, "evt_5", T0.plusSeconds(5));
		queue(log, "evt_6", T0.plusSeconds(6));

		assertThat(log.delivery("acme", first.getDeliveryId())).isEmpty();
		assertThat(log.attempts("acme", "sub_a", ALL).data()).as("the evicted delivery's attempts").isEmpty();
		assertThat(log.stats("acme", "sub_a").delivered()).isZero();
	}

	@Test
	void aSubscriptionListsOnlyItsNewestAttemptsWhileItsDeliveriesKeepThemAll() {
		DeliveryLog log = log(Duration.ofDays(7), 100, 2);
		Delivery delivery = queue(log, "evt_1", T0);
		attempted(log, delivery, 1, T0.plusSeconds(1), 500, RETRY_1M);
		attempted(log, delivery, 2, T0.plusSeconds(61), 500, RETRY_1M);
		attempted(log, delivery, 3, T0.plusSeconds(361), 200, "done");

		assertThat(log.attempts("acme", "sub_a", ALL).data()).extracting(LoggedAttempt::attempt).containsExactly(3, 2);
		assertThat(log.delivery("acme", delivery.getDeliveryId()).orElseThrow().attempts())
			.extracting(LoggedAttempt::attempt)
			.containsExactly(1, 2, 3);
	}

	@Test
	void deliveriesLeaveTheLogOnceTheirNewestRecordIsOlderThanTheRetention() {
		DeliveryLog log = log(Duration.ofHours(1), 100, 100);
		Delivery old = queue(log, "evt_old", T0);
		Delivery busy = queue(log, "evt_busy", T0);
		attempted(log, busy, 1, T0.plusSeconds(1800), 500, RETRY_1M);
		Delivery fresh = queue(log, "evt_fresh", T0.plusSeconds(1800));

		log.expire(T0.plus(Duration.ofMinutes(61)));

		assertThat(log.delivery("acme", old.getDeliveryId())).isEmpty();
		assertThat(log.delivery("acme", busy.getDeliveryId())).isPresent();
		assertThat(log.delivery("acme", fresh.getDeliveryId())).isPresent();
	}

	@Test
	void aDeliveryIsPendingUntilItsFirstAttemptAndAgainWhenQueuedAfterItsLastOne() {
		DeliveryLog log = log(Duration.ofDays(7), 100, 100);
		Delivery delivery = queue(log, "evt_1", T0);
		assertThat(state(log, delivery)).isEqualTo("pending");

		Instant due = T0.plusSeconds(61);
		log.attempted(attempt(delivery, 1, T0.plusSeconds(1), 503, "busy", RETRY_1M, due),
				T0.plusSeconds(1).toEpochMilli());
		DeliveryResource retrying = log.delivery("acme", delivery.getDeliveryId()).orElseThrow();
		assertThat(retrying.state()).isEqualTo("retrying");
		assertThat(retrying.nextAttemptAt()).isEqualTo(due);

		attempted(log, delivery, 2, T0.plusSeconds(61), null, "dlq");
		assertThat(state(log, delivery)).isEqualTo("dead_lettered");

		Instant redelivered = T0.plusSeconds(100);
		log.queued(Delivery.newBuilder(delivery).setDueAt(redelivered).build(), "abc", redelivered.toEpochMilli());
		assertThat(state(log, delivery)).as("redelivered").isEqualTo("pending");

		attempted(log, delivery, 1, T0.plusSeconds(101), 204, "done");
		assertThat(state(log, delivery)).isEqualTo("delivered");
		assertThat(log.delivery("acme", delivery.getDeliveryId()).orElseThrow().nextAttemptAt()).isNull();
	}

	@Test
	void aDeliveryRecordReadAfterItsAttemptDoesNotMakeItPending() {
		DeliveryLog log = log(Duration.ofDays(7), 100, 100);
		Delivery delivery = LogRecords.delivery("acme", "sub_a", "evt_1", "order.created", T0);
		log.attempted(attempt(delivery, 1, T0.plusSeconds(1), 200, "ok", "done", null),
				T0.plusSeconds(1).toEpochMilli());

		log.queued(delivery, LogRecords.sha256Hex(delivery.getBody()), T0.plusSeconds(2).toEpochMilli());

		DeliveryResource found = log.delivery("acme", delivery.getDeliveryId()).orElseThrow();
		assertThat(found.state()).isEqualTo("delivered");
		assertThat(found.createdAt()).isEqualTo(T0);
	}

	@Test
	void anAttemptThatEndedTheSubscriptionDropsItsDelivery() {
		DeliveryLog log = log(Duration.ofDays(7), 100, 100);
		Delivery gone = queue(log, "evt_1", T0);
		Delivery deleted = queue(log, "evt_2", T0);

		attempted(log, gone, 1, T0.plusSeconds(1), 410, "disabled");
		attempted(log, deleted, 1, T0.plusSeconds(1), null, "dropped");

		assertThat(state(log, gone)).isEqualTo("dropped");
		assertThat(state(log, deleted)).isEqualTo("dropped");
	}

	@Test
	void theStatsCountEachDeliveryByTheStateItsLatestAttemptLeftItIn() {
		DeliveryLog log = log(Duration.ofDays(7), 100, 100);
		Delivery delivered = queue(log, "evt_1", T0);
		Delivery failing = queue(log, "evt_2", T0);
		Delivery dead = queue(log, "evt_3", T0);
		attempted(log, delivered, 1, T0.plusSeconds(1), 500, RETRY_1M);
		attempted(log, delivered, 2, T0.plusSeconds(61), 200, "done");
		attempted(log, failing, 1, T0.plusSeconds(62), 500, RETRY_1M);
		attempted(log, dead, 6, T0.plusSeconds(63), 502, "dlq");

		assertThat(log.stats("acme", "sub_a")).isEqualTo(
				new SubscriptionStats(1, 1, 1, T0.plusSeconds(61), T0.plusSeconds(63), LastStatus.DEAD_LETTERED));
		assertThat(log.stats("globex", "sub_a")).as("another tenant's subscription").isEqualTo(SubscriptionStats.NONE);

		attempted(log, failing, 2, T0.plusSeconds(121), 200, "done");

		assertThat(log.stats("acme", "sub_a"))
			.isEqualTo(new SubscriptionStats(2, 0, 1, T0.plusSeconds(121), T0.plusSeconds(63), LastStatus.DELIVERED));
	}

	@Test
	void anAttemptReadTwiceIsListedOnce() {
		DeliveryLog log = log(Duration.ofDays(7), 100, 100);
		Delivery delivery = queue(log, "evt_1", T0);
		attempted(log, delivery, 1, T0.plusSeconds(1), 200, "done");
		attempted(log, delivery, 1, T0.plusSeconds(1), 200, "done");

		assertThat(log.attempts("acme", "sub_a", ALL).data()).hasSize(1);
		assertThat(log.stats("acme", "sub_a").delivered()).isEqualTo(1);
	}

	@Test
	void attemptsAreFilteredAndPagedNewestFirst() {
		DeliveryLog log = log(Duration.ofDays(7), 100, 100);
		for (int i = 0; i < 5; i++) {
			Delivery delivery = queue(log, "evt_" + i, T0);
			attempted(log, delivery, 1, T0.plusSeconds(i), (i % 2 == 0) ? 200 : 500, (i % 2 == 0) ? "done" : RETRY_1M);
		}

		AttemptPage first = log.attempts("acme", "sub_a", AttemptQuery.parse("succeeded", null, null, null, "2", null));
		AttemptPage second = log.attempts("acme", "sub_a",
				AttemptQuery.parse("succeeded", null, null, null, "2", first.next()));

		assertThat(first.data()).extracting(LoggedAttempt::at).containsExactly(T0.plusSeconds(4), T0.plusSeconds(2));
		assertThat(second.data()).extracting(LoggedAttempt::at).containsExactly(T0);
		assertThat(second.next()).isNull();
		assertThat(log
			.attempts("acme", "sub_a",
					AttemptQuery.parse("500", null, T0.plusSeconds(1).toString(), T0.plusSeconds(3).toString(), null,
							null))
			.data()).extracting(LoggedAttempt::at).containsExactly(T0.plusSeconds(1));
	}

	private static DeliveryLog log(Duration retention, int maxDeliveries, int maxAttemptsPerSubscription) {
		return new DeliveryLog(new IngestProperties.DeliveryLog(retention, maxDeliveries, maxAttemptsPerSubscription));
	}

	private static Delivery queue(DeliveryLog log, String eventId, Instant at) {
		Delivery delivery = LogRecords.delivery("acme", "sub_a", eventId, "order.created", at);
		log.queued(delivery, LogRecords.sha256Hex(delivery.getBody()), at.toEpochMilli());
		return delivery;
	}

	private static void attempted(DeliveryLog log, Delivery delivery, int number, Instant at, @Nullable Integer status,
			String nextAction) {
		log.attempted(attempt(delivery, number, at, status, "answer " + status, nextAction, null), at.toEpochMilli());
	}

	private static String state(DeliveryLog log, Delivery delivery) {
		return log.delivery("acme", delivery.getDeliveryId()).orElseThrow().state();
	}

}
