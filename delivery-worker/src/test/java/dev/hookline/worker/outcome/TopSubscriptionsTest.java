package dev.hookline.worker.outcome;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The opt-in top list: at most N subscriptions get series, those that failed most in the
 * window, and a subscription that leaves the list loses its series.
 */
class TopSubscriptionsTest {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void theSubscriptionsThatFailedMostInTheWindowGetSeriesAndNoOthers() {
		try (TopSubscriptions top = new TopSubscriptions(this.registry, 2, Duration.ofHours(1))) {
			attempts(top, "sub_quiet", 50, 0);
			attempts(top, "sub_worst", 10, 9);
			attempts(top, "sub_bad", 10, 3);
			attempts(top, "sub_meh", 10, 1);
			assertThat(series("failures")).as("nothing before the window ends").isEmpty();

			top.publish();

			assertThat(series("failures")).isEqualTo(Map.of("sub_worst", 9.0, "sub_bad", 3.0));
			assertThat(series("attempts")).isEqualTo(Map.of("sub_worst", 10.0, "sub_bad", 10.0));
			assertThat(this.registry.find("hookline.worker.top.subscription.failures")
				.tag("subscription", "sub_worst")
				.gauge()
				.getId()
				.getTag("tenant")).isEqualTo("acme");

			attempts(top, "sub_meh", 5, 5);
			top.publish();

			assertThat(series("failures")).as("the last window only; who left the list has no series")
				.isEqualTo(Map.of("sub_meh", 5.0));
			top.publish();
			assertThat(series("failures")).as("a window without attempts").isEmpty();
		}
	}

	@Test
	void offByDefaultCountsAndRegistersNothing() {
		try (TopSubscriptions top = new TopSubscriptions(this.registry, 0, Duration.ofHours(1))) {
			attempts(top, "sub_worst", 10, 9);
			top.publish();

			assertThat(series("failures")).isEmpty();
			assertThat(series("attempts")).isEmpty();
		}
	}

	private static void attempts(TopSubscriptions top, String subscription, int attempts, int failures) {
		for (int i = 0; i < attempts; i++) {
			top.attempted("acme", subscription, i < failures);
		}
	}

	private Map<String, Double> series(String name) {
		Map<String, Double> values = new TreeMap<>();
		for (Gauge gauge : this.registry.find("hookline.worker.top.subscription." + name).gauges()) {
			values.put(gauge.getId().getTag("subscription"), gauge.value());
		}
		return values;
	}

}
