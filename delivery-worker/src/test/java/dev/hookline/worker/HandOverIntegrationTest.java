package dev.hookline.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.hookline.schemas.Delivery;
import dev.hookline.testsupport.Behaviour;
import dev.hookline.testsupport.Received;
import dev.hookline.testsupport.VerifyingReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A partition handed from one worker to the next while a delivery in it is still in
 * flight, on the real worker and an in-JVM KRaft broker. The committed offset cannot pass
 * that delivery; before, every delivery finished behind it was sent again by the next
 * worker. Now the offset's metadata carries them, and the next worker sends the one in
 * flight again and none of the others.
 */
@EmbeddedKafka
class HandOverIntegrationTest {

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	private static final String GROUP = "hookline-worker";

	private static final int BEHIND = 20;

	/**
	 * A long request timeout, so that the hanging request is still in flight at the end.
	 */
	private static final String[] SETTINGS = { "hookline.worker.request-timeout=60s",
			"hookline.worker.drain-timeout=1s" };

	@TempDir
	static Path temp;

	private static TestWorker setUp;

	private static VerifyingReceiver receiver;

	private static TopicsClient kafka;

	@BeforeAll
	static void prepare() throws Exception {
		setUp = TestWorker.prepare(temp);
		receiver = VerifyingReceiver.start();
		kafka = new TopicsClient(setUp.brokers());
	}

	@AfterAll
	static void stop() {
		kafka.close();
		receiver.close();
	}

	@Test
	void theNextWorkerSendsTheDeliveryInFlightAgainAndNoneOfThoseFinishedBehindIt() throws Exception {
		String id = UUID.randomUUID().toString().substring(0, 8);
		String slowPath = "/slow/" + id;
		String fastPath = "/fast/" + id;
		Delivery slow = TopicsClient.delivery(kafka.subscribe(receiver, setUp.cipher(), slowPath, Behaviour.hang()), 1,
				"evt-slow-" + id);
		String fastSubscription = kafka.subscribe(receiver, setUp.cipher(), fastPath, Behaviour.ok());
		List<Delivery> fast = new ArrayList<>();
		for (int i = 0; i < BEHIND; i++) {
			fast.add(TopicsClient.delivery(fastSubscription, 1, "evt-fast-" + i + "-" + id));
		}

		long slowOffset;
		long lastOffset;
		ConfigurableApplicationContext first = setUp.start(SETTINGS);
		try {
			slowOffset = kafka.send(slow, 0);
			lastOffset = slowOffset;
			for (Delivery delivery : fast) {
				lastOffset = kafka.send(delivery, 0);
			}
			assertThat(lastOffset).as("offsets in a row, no transaction markers between them")
				.isEqualTo(slowOffset + BEHIND);
			await("every delivery sent once").atMost(PATIENCE)
				.until(() -> receiver.received(fastPath).size() == BEHIND && receiver.received(slowPath).size() == 1);
			await("the finished deliveries in the committed offset's metadata").atMost(PATIENCE)
				.until(() -> ("done:1-" + BEHIND).equals(kafka.committedMetadata(GROUP, 0)));
			assertThat(kafka.committed(GROUP, 0)).isEqualTo(slowOffset);
		}
		finally {
			first.close();
		}

		receiver.behave(slowPath, Behaviour.ok());
		ConfigurableApplicationContext second = setUp.start(SETTINGS);
		try {
			await("the delivery in flight sent again").atMost(PATIENCE)
				.until(() -> receiver.received(slowPath).stream().anyMatch((request) -> request.status() == 200));
			long end = lastOffset + 1;
			await("the offset past every delivery").atMost(PATIENCE).until(() -> kafka.committed(GROUP, 0) == end);
		}
		finally {
			second.close();
		}
		assertThat(receiver.received(fastPath)).hasSize(BEHIND).allMatch(Received::verified);
		assertThat(receiver.received(slowPath)).extracting(Received::status).containsExactly(0, 200);
	}

}
