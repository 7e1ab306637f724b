package dev.hookline.worker.outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.hookline.schemas.EndpointHealth;
import dev.hookline.schemas.TableView;
import dev.hookline.schemas.Topics;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static dev.hookline.worker.outcome.ProducerSink.sink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Failing periods counted from requests only, written to the endpoint-health topic when
 * they start and end, and read back from it by the next owner.
 */
class FailingEndpointsTest {

	private static final Topics TOPICS = Topics.withDefaultPrefix();

	private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

	private static final TopicPartition DELIVERIES_3 = new TopicPartition("hookline.deliveries", 3);

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	/** The endpoint-health topic as the view holds it: what any worker wrote. */
	private final Map<String, EndpointHealth> shared = new ConcurrentHashMap<>();

	private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
			new ByteArraySerializer()) {

		@Override
		public void close(Duration timeout) {
		}

	};

	private final FailingEndpoints failing = failingEndpoints();

	@Test
	void anEndpointIsReportedOnceEveryRequestFailedForThePeriodAndItsStartIsWrittenOnce() {
		assertThat(failed("sub-1", NOW)).isNull();
		assertThat(failed("sub-1", NOW.plus(Duration.ofDays(4)))).isNull();

		assertThat(failed("sub-1", NOW.plus(Duration.ofDays(5)))).isEqualTo(NOW);
		assertThat(written()).singleElement().satisfies((health) -> {
			assertThat(health.getSubscriptionId()).isEqualTo("sub-1");
			assertThat(health.getFailingSince()).isEqualTo(NOW);
		});
	}

	@Test
	void aSuccessEndsThePeriodWithATombstoneAndTheNextFailureStartsAnother() {
		failed("sub-1", NOW);
		cleared("sub-1");
		cleared("sub-1");

		assertThat(this.producer.history()).extracting(ProducerRecord::value)
			.as("the start, then one tombstone")
			.hasSize(2)
			.last()
			.isNull();
		assertThat(failed("sub-1", NOW.plus(Duration.ofDays(6)))).isNull();
		assertThat(failed("sub-1", NOW.plus(Duration.ofDays(11)))).isEqualTo(NOW.plus(Duration.ofDays(6)));
	}

	@Test
	void aHealthyEndpointsSuccessesWriteNothing() {
		for (int i = 0; i < 100; i++) {
			cleared("sub-1");
		}

		assertThat(this.producer.history()).isEmpty();
	}

	@Test
	void aPeriodAnotherWorkerSawStartCarriesOverToTheNextOwner() {
		this.shared.put("sub-1", health("sub-1", NOW.minus(Duration.ofDays(6))));

		assertThat(failed("sub-1", NOW)).isEqualTo(NOW.minus(Duration.ofDays(6)));
		assertThat(this.producer.history()).as("nothing new to write").isEmpty();
	}

	@Test
	void aSuccessOfTheNextOwnerEndsAPeriodAnotherWorkerSawStart() {
		this.shared.put("sub-1", health("sub-1", NOW.minus(Duration.ofDays(6))));

		cleared("sub-1");

		assertThat(this.producer.history()).singleElement().satisfies((record) -> {
			assertThat(record.key()).isEqualTo("sub-1");
			assertThat(record.value()).isNull();
		});
		assertThat(failed("sub-1", NOW)).isNull();
	}

	@Test
	void losingAPartitionForgetsWhatWasSeenOnItAndTheViewTellsAgain() {
		failed("sub-1", NOW);
		failed("sub-2", new TopicPartition("hookline.deliveries", 4), NOW);
		// meanwhile another worker saw sub-1 succeed, and wrote its tombstone
		this.failing.forget(List.of(new TopicPartition("hookline.deliveries.retry.1m", 3)));

		Instant later = NOW.plus(Duration.ofDays(5));
		assertThat(failed("sub-1", later)).isNull();
		assertThat(failed("sub-2", new TopicPartition("hookline.deliveries", 4), later)).isEqualTo(NOW);
	}

	@Test
	void endpointsAreFailingEachOnTheirOwn() {
		failed("sub-1", NOW);

		assertThat(failed("sub-2", NOW.plus(Duration.ofDays(5)))).isNull();
	}

	private Instant failed(String subscriptionId, Instant at) {
		return failed(subscriptionId, DELIVERIES_3, at);
	}

	private Instant failed(String subscriptionId, TopicPartition partition, Instant at) {
		FailingEndpoints.Failure failure = this.failing.failed(subscriptionId, partition, at, () -> true);
		failure.written().block(PATIENCE);
		return failure.tooLongSince();
	}

	private void cleared(String subscriptionId) {
		this.failing.cleared(subscriptionId, DELIVERIES_3, () -> true).block(PATIENCE);
	}

	private List<EndpointHealth> written() {
		return this.producer.history()
			.stream()
			.peek((record) -> assertThat(record.topic()).isEqualTo("hookline.endpoint-health"))
			.map((record) -> TOPICS.endpointHealth().valueSerde().deserializer().deserialize("", record.value()))
			.toList();
	}

	private static EndpointHealth health(String subscriptionId, Instant since) {
		return EndpointHealth.newBuilder().setSubscriptionId(subscriptionId).setFailingSince(since).build();
	}

	@SuppressWarnings("unchecked")
	private FailingEndpoints failingEndpoints() {
		TableView<String, EndpointHealth> view = mock(TableView.class);
		given(view.get(anyString()))
			.willAnswer((call) -> Optional.ofNullable(this.shared.get(call.<String>getArgument(0))));
		TopicWriter writer = new TopicWriter(sink(this.producer));
		return new FailingEndpoints(Duration.ofDays(5), view, TOPICS.endpointHealth(), writer);
	}

}
