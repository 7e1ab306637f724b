package dev.hookline.bench.refs;

import java.time.Duration;
import java.util.List;

import dev.hookline.bench.load.Bodies;
import dev.hookline.testsupport.Behaviour;
import dev.hookline.testsupport.Received;
import dev.hookline.testsupport.VerifyingReceiver;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both consumption models the worker could use deliver the same backlog completely, each
 * body once and signed, so their figures compare the same work. No figure is asserted.
 */
@EmbeddedKafka(partitions = 1, brokerProperties = { "group.initial.rebalance.delay.ms=0",
		"share.coordinator.state.topic.replication.factor=1", "share.coordinator.state.topic.min.isr=1" })
class ConsumptionModelsTest {

	private static final int BODY_BYTES = 256;

	private static final int BODIES = 600;

	@Test
	void theConsumerGroupDeliversEveryBodyOnceWithManyInFlightAcrossPolls() throws Exception {
		try (VerifyingReceiver receiver = VerifyingReceiver.start()) {
			receiver.secrets("/cg", DirectHttpReference.SECRETS.get(0));

			ConsumptionResult result = new ConsumerGroupReference(brokers(), 4, 50).run(Bodies.of(BODIES, BODY_BYTES),
					receiver.url("/cg"), Duration.ofMinutes(1));

			assertDeliveredOnce(result, receiver.received("/cg"));
		}
	}

	@Test
	void theShareGroupDeliversEveryBodyOnceFromSeveralConsumers() throws Exception {
		try (VerifyingReceiver receiver = VerifyingReceiver.start()) {
			receiver.secrets("/sg", DirectHttpReference.SECRETS.get(0));

			ConsumptionResult result = new ShareGroupReference(brokers(), 4, 50, 3).run(Bodies.of(BODIES, BODY_BYTES),
					receiver.url("/sg"), Duration.ofMinutes(1));

			assertDeliveredOnce(result, receiver.received("/sg"));
		}
	}

	@Test
	void theShareGroupReleasesAFailedDeliveryAndDeliversItAgain() throws Exception {
		try (VerifyingReceiver receiver = VerifyingReceiver.start()) {
			receiver.secrets("/sg-fail", DirectHttpReference.SECRETS.get(0));
			receiver.behave("/sg-fail", Behaviour.ok().failingFirst(3, 503));

			ConsumptionResult result = new ShareGroupReference(brokers(), 2, 10, 1).run(Bodies.of(40, BODY_BYTES),
					receiver.url("/sg-fail"), Duration.ofMinutes(1));

			assertThat(result.deliveries()).isEqualTo(40);
			assertThat(result.failed()).isZero();
			assertThat(result.duplicates()).isZero();
			List<Received> received = receiver.received("/sg-fail");
			assertThat(received).hasSize(43);
			assertThat(received.stream().map(Received::webhookId).distinct()).hasSize(40);
		}
	}

	private static void assertDeliveredOnce(ConsumptionResult result, List<Received> received) {
		assertThat(result.deliveries()).isEqualTo(BODIES);
		assertThat(result.failed()).isZero();
		assertThat(result.duplicates()).isZero();
		assertThat(result.latencyMicros().getTotalCount()).isEqualTo(BODIES);
		assertThat(received).hasSize(BODIES)
			.allSatisfy((r) -> assertThat(r.verified()).as(r.verificationError()).isTrue())
			.extracting(Received::body)
			.doesNotHaveDuplicates();
	}

	private static String brokers() {
		return EmbeddedKafkaCondition.getBroker().getBrokersAsString();
	}

}
