package dev.hookline.worker.endpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hookline.sender.http.SendError;
import dev.hookline.sender.http.SendResult;
import dev.hookline.worker.CircuitBreakerSettings;
import dev.hookline.worker.EndpointSettings;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The concurrency cap, the circuit breaker and the slow start of endpoints, on a clock
 * that moves only when told to.
 */
class EndpointsTest {

	private static final SendResult OK = SendResult.answered(200, 5, null, null);

	private static final SendResult FAILED = SendResult.answered(500, 5, null, null);

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final MutableClock clock = new MutableClock();

	/**
	 * Four requests at once, three may wait; the circuit opens when half of the requests
	 * of the last ten seconds failed, once four were made, for 30 s.
	 */
	private final Endpoints endpoints = endpoints(4);

	@Test
	void anEndpointHasAtMostMaxConcurrencyRequestsInFlightAndTheOthersWaitTheirTurnInOrder() {
		List<Ask> asked = ask("sub-1", 6);

		assertThat(asked).extracting(Ask::granted).containsExactly(true, true, true, true, false, false);
		assertThat(asked.subList(0, 4)).allSatisfy((ask) -> assertThat(ask.permit().waited()).isFalse());
		assertThat(this.endpoints.waiting().waiting()).isEqualTo(2);

		asked.get(2).permit().completed(OK);
		assertThat(asked).extracting(Ask::granted).containsExactly(true, true, true, true, true, false);
		assertThat(asked.get(4).permit().waited()).isTrue();
		assertThat(this.endpoints.waiting().waiting()).isOne();

		asked.get(0).permit().cancelled();
		assertThat(asked.get(5).granted()).isTrue();
		assertThat(this.endpoints.waiting().waiting()).isZero();
	}

	@Test
	void anEndpointWithMaxWaitingDeliveriesWaitingIsFullUntilHalfOfThemHadTheirTurn() {
		List<Ask> asked = ask("sub-1", 7);
		AtomicInteger drained = new AtomicInteger();

		assertThat(this.endpoints.waiting().whenFull("sub-1", drained::incrementAndGet)).isTrue();
		assertThat(this.endpoints.waiting().whenFull("sub-2", drained::incrementAndGet)).isFalse();
		asked.get(0).permit().completed(OK);
		assertThat(drained).hasValue(0);
		asked.get(1).permit().completed(OK);
		assertThat(drained).hasValue(1);
	}

	@Test
	void thousandsOfWaitingDeliveriesGivenUpAtTheirTurnDoNotNestTheirTurns() {
		Endpoints endpoints = new Endpoints(new EndpointSettings(1, 20_000),
				new CircuitBreakerSettings(50, Duration.ofSeconds(10), 4, WAIT), this.clock);
		List<Permit> first = new ArrayList<>();
		endpoints.request("sub-1", 3, first::add);
		AtomicInteger givenUp = new AtomicInteger();
		for (int i = 0; i < 20_000; i++) {
			// a delivery of a partition being revoked gives its slot back at once
			endpoints.request("sub-1", 3, (permit) -> {
				givenUp.incrementAndGet();
				permit.cancelled();
			});
		}
		assertThat(givenUp).hasValue(0);

		first.get(0).completed(OK);

		assertThat(givenUp).hasValue(20_000);
		assertThat(endpoints.waiting().waiting()).isZero();
		assertThat(ask(endpoints, "sub-1", 1).get(0).granted()).isTrue();
	}

	@Test
	void aSlotIsGivenBackOnlyOnce() {
		List<Ask> asked = ask("sub-1", 5);

		asked.get(0).permit().completed(OK);
		asked.get(0).permit().cancelled();
		asked.get(0).permit().completed(OK);

		assertThat(ask("sub-1", 1).get(0).granted()).isFalse();
	}

	@Test
	void theCircuitOpensWhenHalfOfTheLastRequestsFailedAndThenEveryDeliveryIsRefusedAtOnce() {
		List<Ask> asked = ask("sub-1", 8);
		for (int i = 0; i < 3; i++) {
			asked.get(i).permit().completed(FAILED);
		}
		assertThat(this.endpoints.openCircuits()).isZero();

		asked.get(3).permit().completed(FAILED);

		assertThat(this.endpoints.openCircuits()).isOne();
		// the last one waited for a slot still held by a request sent before the circuit
		// opened, and does not wait for it any longer
		assertThat(asked.get(7).permit().refused()).isTrue();
		assertThat(asked.get(7).permit().waited()).isTrue();
		asked.subList(4, 7).forEach((ask) -> ask.permit().completed(OK));
		Ask late = ask("sub-1", 1).get(0);
		assertThat(late.permit().refused()).isTrue();
		assertThat(late.permit().waited()).isFalse();
		assertThat(this.endpoints.refused()).isEqualTo(2);
		assertThat(this.endpoints.waiting().waiting()).isZero();
		// other endpoints are not affected
		assertThat(ask("sub-2", 4)).allSatisfy((ask) -> assertThat(ask.permit().refused()).isFalse());
	}

	@Test
	void refusedAndClientErrorsDoNotOpenTheCircuit() {
		for (int i = 0; i < 10; i++) {
			ask("sub-1", 1).get(0).permit().completed(SendResult.answered(404, 5, null, null));
			ask("sub-1", 1).get(0).permit().completed(SendResult.failed(SendError.INVALID_URL, 0));
		}

		assertThat(this.endpoints.openCircuits()).isZero();
		assertThat(ask("sub-1", 4)).allSatisfy((ask) -> assertThat(ask.granted()).isTrue());
	}

	@Test
	void afterTheWaitOneProbeGoesAloneAndTheOthersWaitForItsAnswer() {
		open("sub-1");
		this.clock.advance(WAIT.minusSeconds(1));
		assertThat(ask("sub-1", 1).get(0).permit().refused()).isTrue();

		this.clock.advance(Duration.ofSeconds(2));
		List<Ask> asked = ask("sub-1", 3);

		assertThat(asked.get(0).granted()).isTrue();
		assertThat(asked.get(1).permit()).isNull();
		assertThat(asked.get(2).permit()).isNull();
		assertThat(this.endpoints.openCircuits()).isOne();

		asked.get(0).permit().completed(OK);

		assertThat(this.endpoints.openCircuits()).isZero();
		// the slow start: one request at first
		assertThat(asked).extracting(Ask::granted).containsExactly(true, true, false);
	}

	@Test
	void aClosedCircuitLetsRequestsBackInOneThenDoublingEachTimeAsManySucceededUpToMaxConcurrency() {
		Endpoints wide = endpoints(8);
		openAndProbe(wide, "sub-1");
		List<Ask> asked = ask(wide, "sub-1", 30);

		List<Integer> inFlight = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			List<Ask> running = running(asked);
			inFlight.add(running.size());
			running.get(0).complete(OK);
		}

		// one in flight until one succeeded, two until two more did, four until four
		// more did, then all eight
		assertThat(inFlight).containsExactly(1, 2, 2, 4, 4, 4, 4, 8, 8, 8);
	}

	@Test
	void aFailureDuringTheSlowStartIsJudgedByTheFailureRateLikeAnyOther() {
		Endpoints wide = endpoints(8);
		openAndProbe(wide, "sub-1");
		List<Ask> asked = ask(wide, "sub-1", 30);
		asked.get(0).complete(OK);
		assertThat(running(asked)).hasSize(2);

		// one failure in five, as a flaky endpoint gives: the circuit stays closed and
		// the limit keeps doubling with the successes
		List<Integer> inFlight = new ArrayList<>();
		for (int i = 1; i <= 10; i++) {
			List<Ask> running = running(asked);
			inFlight.add(running.size());
			running.get(0).complete((i % 5 == 0) ? FAILED : OK);
		}
		assertThat(wide.openCircuits()).isZero();
		assertThat(inFlight).containsExactly(2, 2, 4, 4, 4, 4, 4, 8, 8, 8);

		// six more failures make 8 of 17 requests in the window: still closed; the
		// seventh makes 9 of 18, half of them
		for (int i = 0; i < 6; i++) {
			running(asked).get(0).complete(FAILED);
		}
		assertThat(wide.openCircuits()).isZero();
		running(asked).get(0).complete(FAILED);
		assertThat(wide.openCircuits()).isOne();
		assertThat(ask(wide, "sub-1", 1).get(0).permit().refused()).isTrue();
	}

	@Test
	void aRefusalTellsHowLongTheEndpointHasBeenOutThroughFailedProbes() {
		open("sub-1");
		Ask refused = ask("sub-1", 1).get(0);
		assertThat(refused.permit().refused()).isTrue();
		assertThat(refused.permit().outage()).isZero();

		this.clock.advance(WAIT.plusSeconds(1));
		ask("sub-1", 1).get(0).permit().completed(FAILED);
		this.clock.advance(Duration.ofSeconds(4));

		assertThat(ask("sub-1", 1).get(0).permit().outage()).isEqualTo(WAIT.plusSeconds(5));
	}

	@Test
	void aFailedProbeOpensTheCircuitForAnotherWait() {
		open("sub-1");
		this.clock.advance(WAIT.plusSeconds(1));
		Ask probe = ask("sub-1", 1).get(0);
		assertThat(probe.granted()).isTrue();

		probe.permit().completed(SendResult.failed(SendError.TIMEOUT, 15_000));

		this.clock.advance(WAIT.minusSeconds(1));
		assertThat(ask("sub-1", 1).get(0).permit().refused()).isTrue();
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(ask("sub-1", 1).get(0).granted()).isTrue();
	}

	@Test
	void aProbeThatWasNotSentLetsTheNextDeliveryProbe() {
		open("sub-1");
		this.clock.advance(WAIT.plusSeconds(1));
		List<Ask> asked = ask("sub-1", 2);

		asked.get(0).permit().cancelled();

		assertThat(asked.get(1).granted()).isTrue();
		assertThat(this.endpoints.openCircuits()).isOne();
		asked.get(1).permit().completed(OK);
		assertThat(this.endpoints.openCircuits()).isZero();
	}

	@Test
	void anIdleEndpointIsForgottenAfterAMinuteButAnOpenCircuitIsKeptForAnHour() {
		ask("sub-ok", 1).get(0).permit().completed(OK);
		open("sub-failing");

		this.clock.advance(Endpoints.IDLE.plusSeconds(1));
		ask("sub-other", 1).get(0).permit().completed(OK);
		assertThat(this.endpoints.size()).isEqualTo(2);
		assertThat(this.endpoints.openCircuits()).isOne();

		this.clock.advance(Endpoints.UNHEALTHY_IDLE);
		ask("sub-other", 1).get(0).permit().completed(OK);
		assertThat(this.endpoints.size()).isOne();
		assertThat(this.endpoints.openCircuits()).isZero();
		// a new endpoint, closed, with every slot free
		assertThat(ask("sub-failing", 4)).allSatisfy((ask) -> assertThat(ask.granted()).isTrue());
	}

	@Test
	void anEndpointWithRequestsInFlightIsNeverForgottenForBeingIdle() {
		List<Ask> asked = ask("sub-1", 5);

		this.clock.advance(Endpoints.UNHEALTHY_IDLE.plusMinutes(1));
		ask("sub-other", 1);

		assertThat(ask("sub-1", 1).get(0).permit()).isNull();
		asked.get(0).permit().completed(OK);
		assertThat(asked.get(4).granted()).isTrue();
	}

	@Test
	void anEndpointWhosePartitionIsTakenAwayIsForgottenAndItsWaitingDeliveriesStillGetTheirTurn() {
		List<Ask> asked = ask("sub-1", 5);
		open("sub-2");

		this.endpoints.forget(List.of(new TopicPartition("hookline.deliveries", 3)));

		assertThat(this.endpoints.size()).isZero();
		assertThat(this.endpoints.openCircuits()).isZero();
		assertThat(ask("sub-2", 1).get(0).granted()).isTrue();
		asked.get(0).permit().completed(OK);
		assertThat(asked.get(4).granted()).isTrue();
		assertThat(this.endpoints.waiting().waiting()).isZero();
	}

	@Test
	void endpointsOfOtherPartitionsAreKeptWhenAPartitionIsTakenAway() {
		open("sub-1");

		this.endpoints.forget(List.of(new TopicPartition("hookline.deliveries", 4)));

		assertThat(this.endpoints.openCircuits()).isOne();
		assertThat(ask("sub-1", 1).get(0).permit().refused()).isTrue();
	}

	private Endpoints endpoints(int maxConcurrency) {
		return new Endpoints(new EndpointSettings(maxConcurrency, 3),
				new CircuitBreakerSettings(50, Duration.ofSeconds(10), 4, WAIT), this.clock);
	}

	/** Four failures in a row open the circuit. */
	private void open(String subscriptionId) {
		ask(subscriptionId, 4).forEach((ask) -> ask.permit().completed(FAILED));
		assertThat(ask(subscriptionId, 1).get(0).permit().refused()).isTrue();
	}

	private void openAndProbe(Endpoints endpoints, String subscriptionId) {
		ask(endpoints, subscriptionId, 4).forEach((ask) -> ask.permit().completed(FAILED));
		this.clock.advance(WAIT.plusSeconds(1));
		Ask probe = ask(endpoints, subscriptionId, 1).get(0);
		assertThat(probe.granted()).isTrue();
		probe.permit().completed(OK);
		assertThat(endpoints.openCircuits()).isZero();
	}

	private List<Ask> ask(String subscriptionId, int count) {
		return ask(this.endpoints, subscriptionId, count);
	}

	/** Deliveries of a subscription read from partition 3, asking for their turn. */
	private static List<Ask> ask(Endpoints endpoints, String subscriptionId, int count) {
		List<Ask> asked = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Ask ask = new Ask();
			endpoints.request(subscriptionId, 3, ask::turn);
			asked.add(ask);
		}
		return asked;
	}

	/** Those granted a slot whose request has not ended yet, oldest first. */
	private static List<Ask> running(List<Ask> asked) {
		return asked.stream().filter((ask) -> ask.granted() && !ask.ended).toList();
	}

	/** One delivery's request for its turn, and the turn once given. */
	private static final class Ask {

		private @Nullable Permit permit;

		private boolean ended;

		void turn(Permit given) {
			assertThat(this.permit).as("a turn is given once").isNull();
			this.permit = given;
		}

		@Nullable Permit permit() {
			return this.permit;
		}

		void complete(SendResult result) {
			this.ended = true;
			this.permit.completed(result);
		}

		boolean granted() {
			return this.permit != null && !this.permit.refused();
		}

	}

}
