package dev.hookline.worker.outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import dev.hookline.schemas.Delivery;
import dev.hookline.sender.http.SendResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What the worker counts of its deliveries, none of it per subscription (a label per
 * endpoint would grow without bound):
 * <ul>
 * <li>{@code hookline.worker.deliveries}, a counter tagged {@code outcome} =
 * {@code delivered}, {@code retried}, {@code deferred}, {@code dead_lettered} or
 * {@code dropped}, counted once the attempt and what followed it are durable;</li>
 * <li>{@code hookline.worker.attempt.duration}, a timer with a histogram of each request,
 * from its start to the end of its answer, tagged {@code result} = {@code 2xx},
 * {@code 3xx}, {@code 4xx}, {@code 5xx} or {@code error} (timed out, refused,
 * reset);</li>
 * <li>{@code hookline.worker.delivery.latency}, a timer with a histogram from the
 * delivery's creation (the router's, moments after ingest accepted the event) to the 2xx
 * that delivered it, retries included;</li>
 * <li>and, when opted in, the bounded top list of {@link TopSubscriptions}.</li>
 * </ul>
 */
final class DeliveryMetrics {

	private static final String[] RESULTS = { "error", "1xx", "2xx", "3xx", "4xx", "5xx" };

	private final Map<Action, Counter> counters = new EnumMap<>(Action.class);

	private final Map<String, Timer> attempts = new HashMap<>();

	private final Timer latency;

	private final TopSubscriptions top;

	DeliveryMetrics(MeterRegistry registry, TopSubscriptions top) {
		this.top = top;
		for (Action action : Action.values()) {
			this.counters.put(action,
					Counter.builder("hookline.worker.deliveries")
						.description("Attempts recorded, by what they led to")
						.tag("outcome", action.outcomeTag())
						.register(registry));
		}
		for (String result : RESULTS) {
			this.attempts.put(result,
					Timer.builder("hookline.worker.attempt.duration")
						.description("Requests to endpoints, from their start to the end of the answer")
						.tag("result", result)
						.publishPercentileHistogram()
						.maximumExpectedValue(Duration.ofSeconds(60))
						.register(registry));
		}
		this.latency = Timer.builder("hookline.worker.delivery.latency")
			.description("From a delivery's creation to the 2xx that delivered it, retries included")
			.publishPercentileHistogram()
			.maximumExpectedValue(Duration.ofDays(1))
			.register(registry);
	}

	void count(Action action) {
		this.counters.get(action).increment();
	}

	/** A request of this delivery was made, and answered or failed. */
	void attempted(Delivery delivery, SendResult result) {
		Integer status = result.status();
		String tag = (status == null || status < 100 || status > 599) ? "error" : RESULTS[status / 100];
		this.attempts.get(tag).record(Duration.ofMillis(result.latencyMs()));
		this.top.attempted(delivery.getTenant(), delivery.getSubscriptionId(), !tag.equals("2xx"));
	}

	/** A delivery created at {@code createdAt} was answered 2xx at {@code now}. */
	void delivered(Instant createdAt, Instant now) {
		this.latency
			.record(Duration.between(createdAt, now).isNegative() ? Duration.ZERO : Duration.between(createdAt, now));
	}

}
