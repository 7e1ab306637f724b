package dev.hookline.worker.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import dev.hookline.worker.CircuitBreakerSettings;
import dev.hookline.worker.EndpointSettings;
import dev.hookline.worker.ratelimit.WaitingDeliveries;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import org.apache.kafka.common.TopicPartition;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Gives each delivery its turn at its endpoint: a slot under the endpoint's concurrency
 * cap, or a refusal while the endpoint's circuit is open (see {@link Endpoint}).
 *
 * <p>
 * Deliveries are keyed by subscription id, so the worker owning a subscription's
 * partition sends all of its requests, and an endpoint's slots and breaker are local
 * state, one per subscription, created on its first delivery. An endpoint is dropped when
 * it has had nothing in flight or waiting for {@link #IDLE} (a new one behaves the same),
 * or for {@link #UNHEALTHY_IDLE} while its circuit is not closed or its slow start not
 * over; and when the partition of its last delivery is taken away, since another worker
 * may send to it meanwhile. A dropped endpoint still serves the deliveries already in
 * flight or waiting at it; new ones get a fresh endpoint.
 *
 * <p>
 * Deliveries waiting for a slot are counted in {@link #waiting()}, whose bound,
 * {@code hookline.worker.endpoint.max-waiting}, makes the intake hold back the partition
 * of a full endpoint's next delivery. Safe for concurrent use.
 */
public final class Endpoints {

	/** How long a healthy endpoint is kept with nothing to send, and the sweep period. */
	static final Duration IDLE = Duration.ofMinutes(1);

	/** How long an endpoint whose circuit is not closed is kept with nothing to send. */
	static final Duration UNHEALTHY_IDLE = Duration.ofHours(1);

	private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

	private final CircuitBreakerConfig breakers;

	private final int maxConcurrency;

	private final int maxWaiting;

	private final WaitingDeliveries waiting;

	private final LongAdder refusals = new LongAdder();

	private final Clock clock;

	private volatile long nextSweepMillis;

	Endpoints(EndpointSettings settings, CircuitBreakerSettings breaker, Clock clock) {
		this.breakers = CircuitBreakerConfig.custom()
			.slidingWindow((int) breaker.window().toSeconds(), breaker.minimumCalls(), SlidingWindowType.TIME_BASED)
			.failureRateThreshold(breaker.failureRateThreshold())
			.waitDurationInOpenState(breaker.waitInOpen())
			.permittedNumberOfCallsInHalfOpenState(1)
			.clock(clock)
			.build();
		this.maxConcurrency = settings.maxConcurrency();
		this.maxWaiting = settings.maxWaiting();
		// every wait here is started with max-waiting as its bound: the rate-based bound,
		// and with it the second argument, is not used
		this.waiting = new WaitingDeliveries(settings.maxWaiting(), Duration.ofSeconds(1));
		this.clock = clock;
		this.nextSweepMillis = clock.millis() + IDLE.toMillis();
	}

	/**
	 * The delivery's turn at its subscription's endpoint, once it comes. The permit is
	 * either refused (circuit open: send nothing) or holds a slot that must be given
	 * back.
	 * @param partition where the delivery was read from
	 */
	public Mono<Permit> admit(String subscriptionId, TopicPartition partition) {
		return Mono.create((sink) -> {
			Turn turn = new Turn(sink);
			sink.onCancel(turn::cancel);
			request(subscriptionId, partition.partition(), turn);
		});
	}

	void request(String subscriptionId, int partition, Consumer<Permit> onTurn) {
		sweepIfDue();
		Endpoint endpoint = this.endpoints.computeIfAbsent(subscriptionId, this::newEndpoint);
		while (!endpoint.request(partition, onTurn)) {
			// retired between the lookup and the request
			this.endpoints.remove(subscriptionId, endpoint);
			endpoint = this.endpoints.computeIfAbsent(subscriptionId, this::newEndpoint);
		}
	}

	/**
	 * The worker no longer owns these partitions: another worker may send to their
	 * endpoints meanwhile, so what is known about them is dropped.
	 */
	public void forget(Collection<TopicPartition> partitions) {
		Set<Integer> numbers = partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
		this.endpoints.values().removeIf((endpoint) -> endpoint.retireIfOn(numbers));
	}

	/**
	 * Deliveries waiting for a free slot, with the per-subscription bound the intake
	 * holds partitions back on.
	 */
	public WaitingDeliveries waiting() {
		return this.waiting;
	}

	/** Endpoints whose circuit is open or half-open now. */
	public int openCircuits() {
		return (int) this.endpoints.values().stream().filter(Endpoint::circuitOpen).count();
	}

	/**
	 * Deliveries refused because their endpoint's circuit was open, since the start.
	 */
	public long refused() {
		return this.refusals.sum();
	}

	/** Endpoints known now. */
	int size() {
		return this.endpoints.size();
	}

	private Endpoint newEndpoint(String subscriptionId) {
		return new Endpoint(subscriptionId, CircuitBreaker.of(subscriptionId, this.breakers), this.maxConcurrency,
				this.maxWaiting, this.waiting, this.refusals, this.clock);
	}

	private void sweepIfDue() {
		long now = this.clock.millis();
		if (now - this.nextSweepMillis >= 0) {
			this.nextSweepMillis = now + IDLE.toMillis();
			this.endpoints.values().removeIf((endpoint) -> endpoint.retireIfIdle(now, IDLE, UNHEALTHY_IDLE));
		}
	}

	/**
	 * Hands the permit to the waiting subscriber. Nothing in the worker cancels a
	 * delivery's processing; should a subscriber cancel all the same, a slot it is given
	 * later is handed straight back.
	 */
	private static final class Turn implements Consumer<Permit> {

		private final MonoSink<Permit> sink;

		private final AtomicBoolean cancelled = new AtomicBoolean();

		Turn(MonoSink<Permit> sink) {
			this.sink = sink;
		}

		@Override
		public void accept(Permit permit) {
			if (this.cancelled.get()) {
				permit.cancelled();
			}
			else {
				this.sink.success(permit);
			}
		}

		void cancel() {
			this.cancelled.set(true);
		}

	}

}
