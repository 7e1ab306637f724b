package dev.hookline.router;

import java.util.function.Supplier;

import org.apache.kafka.streams.KafkaStreams;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Kafka Streams' state as the router's health: {@code UP} while it runs or rebalances (a
 * rebalance is part of running: a router joining or leaving causes one), {@code DOWN}
 * before it started, while it shuts down and after. It is part of readiness only: the
 * router exits by itself when Streams reaches {@code ERROR} ({@link RouterRunner}).
 */
final class StreamsHealthIndicator implements HealthIndicator {

	private final Supplier<KafkaStreams.State> state;

	StreamsHealthIndicator(Supplier<KafkaStreams.State> state) {
		this.state = state;
	}

	@Override
	public Health health() {
		KafkaStreams.State now = this.state.get();
		boolean running = now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.REBALANCING;
		return (running ? Health.up() : Health.down()).withDetail("state", now.name()).build();
	}

}
