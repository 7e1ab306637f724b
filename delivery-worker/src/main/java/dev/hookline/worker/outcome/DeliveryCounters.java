package dev.hookline.worker.outcome;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The {@code hookline.worker.deliveries} counter, tagged {@code outcome} =
 * {@code delivered}, {@code retried}, {@code deferred}, {@code dead_lettered} or
 * {@code dropped}; counted once the attempt and what followed it are durable.
 */
final class DeliveryCounters {

	private final Map<Action, Counter> counters = new EnumMap<>(Action.class);

	DeliveryCounters(MeterRegistry registry) {
		for (Action action : Action.values()) {
			this.counters.put(action,
					Counter.builder("hookline.worker.deliveries")
						.description("Attempts recorded, by what they led to")
						.tag("outcome", action.outcomeTag())
						.register(registry));
		}
	}

	void count(Action action) {
		this.counters.get(action).increment();
	}

}
