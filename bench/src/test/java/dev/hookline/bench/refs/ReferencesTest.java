package dev.hookline.bench.refs;

import java.time.Duration;
import java.util.List;

import dev.hookline.bench.load.Bodies;
import dev.hookline.testsupport.Received;
import dev.hookline.testsupport.VerifyingReceiver;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The references do the work they are compared on: every record moved, every delivery
 * POSTed once and signed. No figure is asserted.
 */
@EmbeddedKafka(partitions = 1)
class ReferencesTest {

	private static final int BODY_BYTES = 256;

	@Test
	void r1MovesEveryRecordThroughKafkaAndMeasuresEach() throws Exception {
		RawKafkaReference.Result result = new RawKafkaReference(brokers(), 4).run(2_000, 1024, Duration.ofMinutes(1));

		assertThat(result.records()).isEqualTo(2_000);
		assertThat(result.latencyMicros().getTotalCount()).isEqualTo(2_000);
		assertThat(result.perSecond()).isPositive();
	}

	@Test
	void theTextbookListenerPostsEveryDeliveryOnceSignedLikeHookline() throws Exception {
		try (VerifyingReceiver receiver = VerifyingReceiver.start()) {
			receiver.secrets("/t", TextbookListenerReference.SECRET);
			List<byte[]> bodies = Bodies.of(200, BODY_BYTES);

			TextbookListenerReference.Result result = new TextbookListenerReference(brokers(), 4).run(bodies,
					java.net.URI.create(receiver.url("/t")), Duration.ofMinutes(1));

			assertThat(result.deliveries()).isEqualTo(200);
			assertThat(result.failed()).isZero();
			assertThat(receiver.received("/t")).hasSize(200)
				.allSatisfy((r) -> assertThat(r.verified()).as(r.verificationError()).isTrue())
				.extracting(Received::body)
				.doesNotHaveDuplicates();
		}
	}

	@Test
	void theDirectClientPostsEveryRequestOnceSignedThroughTheWorkersClient() {
		try (VerifyingReceiver receiver = VerifyingReceiver.start()) {
			receiver.secrets("/r3", DirectHttpReference.SECRETS.get(0));

			DirectHttpReference.Result result = new DirectHttpReference(16).run(Bodies.of(300, BODY_BYTES),
					receiver.url("/r3"));

			assertThat(result.requests()).isEqualTo(300);
			assertThat(result.failed()).isZero();
			assertThat(result.latencyMicros().getTotalCount()).isEqualTo(300);
			// 16 untimed warm-up requests (one per in-flight slot) before the timed 300
			assertThat(receiver.received("/r3")).hasSize(316)
				.allSatisfy((r) -> assertThat(r.verified()).as(r.verificationError()).isTrue())
				.extracting(Received::webhookId)
				.doesNotHaveDuplicates()
				.filteredOn((id) -> id.startsWith("msg_r3_warm_"))
				.hasSize(16);
		}
	}

	private static String brokers() {
		return EmbeddedKafkaCondition.getBroker().getBrokersAsString();
	}

}
