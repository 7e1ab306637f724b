package dev.hookline.bench.router;

import java.util.List;

import dev.hookline.bench.router.RoutingWatch.Observation;
import dev.hookline.bench.router.RoutingWatch.Span;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingWatchTest {

	private static final long SECOND = 1_000_000_000L;

	@Test
	void aPhaseIsTimedFromTheLastObservationBeforeItsEventsToTheFirstShowingThemAllRouted() {
		List<Observation> seen = List.of(new Observation(0, 0), new Observation(SECOND, 900),
				new Observation(2 * SECOND, 1_100), new Observation(4 * SECOND, 5_000),
				new Observation(5 * SECOND, 9_000), new Observation(6 * SECOND, 11_000),
				new Observation(7 * SECOND, 11_000));

		// warm-up ends at 1,000 events, the phase at 11,000
		Span span = Observation.span(seen, 1_000, 11_000);

		assertThat(span.events()).isEqualTo(10_100);
		assertThat(span.seconds()).isEqualTo(5.0);
		assertThat(span.perSecond()).isEqualTo(2_020.0);
	}

}
