package dev.hookline.router;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.TraceHops;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A router whose stream threads keep failing, or whose Kafka Streams reached
 * {@code ERROR}, gives up rather than look alive while routing nothing.
 */
class ThreadFailuresTest {

	private Instant now = Instant.parse("2026-03-10T12:00:00Z");

	private final ThreadFailures failures = new ThreadFailures(new Clock() {

		@Override
		public Instant instant() {
			return ThreadFailuresTest.this.now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	});

	@Test
	void aFailedThreadIsReplacedThreeTimesWithinTenMinutesThenTheClientShutsDown() {
		for (int i = 0; i < ThreadFailures.MAX_REPLACEMENTS; i++) {
			assertThat(this.failures.failed()).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
			this.now = this.now.plusSeconds(60);
		}

		assertThat(this.failures.failed()).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
	}

	@Test
	void failuresFartherApartThanTheWindowAreReplacedEachTime() {
		for (int i = 0; i < 10; i++) {
			assertThat(this.failures.failed()).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
			this.now = this.now.plus(ThreadFailures.WINDOW.dividedBy(2)).plus(Duration.ofSeconds(1));
		}
	}

	@Test
	void kafkaStreamsInErrorMakesTheRouterGiveUpAndNothingElseDoes() {
		AtomicInteger fatal = new AtomicInteger();
		RouterRunner runner = new RouterRunner(KafkaSettings.defaults(), KafkaSettings.defaults().topics(),
				RouterProperties.defaults(), fatal::incrementAndGet, new SimpleMeterRegistry(), TraceHops.NONE);

		runner.stateChanged(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
		runner.stateChanged(KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.RUNNING);
		assertThat(fatal).hasValue(0);

		runner.stateChanged(KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR);
		assertThat(fatal).hasValue(1);
	}

}
