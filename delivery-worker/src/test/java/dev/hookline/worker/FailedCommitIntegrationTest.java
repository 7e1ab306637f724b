package dev.hookline.worker;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.hookline.schemas.Attempt;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.RetryTier;
import dev.hookline.schemas.Topic;
import dev.hookline.schemas.Topics;
import dev.hookline.testsupport.Behaviour;
import dev.hookline.testsupport.TopicReader;
import dev.hookline.testsupport.VerifyingReceiver;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Commits that fail, on the real worker and an in-JVM KRaft broker: whatever the worker
 * commits its offsets with (its consumer, or its outcome transactions) fails a few times
 * as a commit that times out or is fenced does, and the worker is then stopped and
 * another one started, as after a crash.
 *
 * <p>
 * When the offsets were committed apart from the hand-offs, a hand-off written before a
 * commit that failed stayed in its tier while the next worker read the delivery again and
 * handed it off a second time: the retry chain forked, and the delivery ended in the
 * dead-letter topic twice. spring-kafka also dropped the offsets of a failed commit, so a
 * partition that received nothing more kept a stale offset.
 */
@EmbeddedKafka
class FailedCommitIntegrationTest {

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	private static final String[] SETTINGS = { "hookline.worker.retry.delays=1s,1s,1s,1s,1s",
			"hookline.worker.retry.jitter=0" };

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
	void aRetryChainNeverForksWhenCommitsFailAndTheNextWorkerTakesOver() throws Exception {
		String id = UUID.randomUUID().toString().substring(0, 8);
		String path = "/failing/" + id;
		String subscriptionId = subscribe(path, Behaviour.status(500));
		Delivery delivery = TopicsClient.delivery(subscriptionId, 1, "evt-" + id);

		FailingCommits.toFail.set(2);
		ConfigurableApplicationContext first = setUp.startWith(new Class<?>[] { FailingCommits.class }, SETTINGS);
		try {
			kafka.send(delivery);
			await().atMost(PATIENCE)
				.until(() -> FailingCommits.failed.get() >= 2 && receiver.received(path).size() >= 2);
		}
		finally {
			first.close();
		}
		ConfigurableApplicationContext second = setUp.start(SETTINGS);
		try {
			Topic<String, Delivery> deadLetters = Topics.withDefaultPrefix().deadLetters();
			await("the delivery in the dead-letter topic").atMost(PATIENCE)
				.until(() -> copies(deadLetters, delivery) >= 1);
			// a forked copy, had there been one, would follow within a few seconds
			await("the delivery in the dead-letter topic once, and only once").during(Duration.ofSeconds(3))
				.atMost(Duration.ofSeconds(10))
				.until(() -> copies(deadLetters, delivery) == 1);
		}
		finally {
			second.close();
		}

		for (RetryTier tier : Topics.withDefaultPrefix().retryTiers()) {
			assertThat(copies(tier.topic(), delivery)).as("copies in %s", tier.topic().name()).isOne();
		}
		kafka.readAttemptsFromTheStart();
		List<Attempt> attempts = await().atMost(PATIENCE).pollDelay(Duration.ZERO).until(() -> {
			kafka.readNewAttempts();
			return kafka.attemptsOf(delivery.getDeliveryId());
		}, (found) -> found.size() >= 6);
		assertThat(attempts).extracting(Attempt::getAttempt).containsExactly(1, 2, 3, 4, 5, 6);
	}

	private String subscribe(String path, Behaviour behaviour) throws Exception {
		return kafka.subscribe(receiver, setUp.cipher(), path, behaviour);
	}

	/** How many committed records of a topic carry the delivery. */
	private static long copies(Topic<String, Delivery> topic, Delivery delivery) {
		return TopicReader.readAll(setUp.brokers(), topic)
			.stream()
			.filter((record) -> record.value().getDeliveryId().equals(delivery.getDeliveryId()))
			.count();
	}

	/**
	 * Makes the worker's next {@link #toFail} commits fail: its consumer's commits with a
	 * timeout, its outcome transactions' offsets with an error that aborts them.
	 */
	@Configuration(proxyBeanMethods = false)
	static class FailingCommits {

		static final AtomicInteger toFail = new AtomicInteger();

		static final AtomicInteger failed = new AtomicInteger();

		@Bean
		static BeanPostProcessor failingCommits() {
			return new BeanPostProcessor() {

				@Override
				@SuppressWarnings({ "unchecked", "rawtypes" })
				public Object postProcessAfterInitialization(Object bean, String name) {
					if (bean instanceof DefaultKafkaConsumerFactory factory) {
						factory.addPostProcessor((consumer) -> failing(Consumer.class, consumer, "commitSync",
								() -> new TimeoutException("commit timed out (test)")));
					}
					if (bean instanceof Supplier supplier && name.equals("outcomeProducers")) {
						return (Supplier<Object>) () -> failing(Producer.class, supplier.get(),
								"sendOffsetsToTransaction", () -> new KafkaException("offsets not committed (test)"));
					}
					return bean;
				}

			};
		}

		@SuppressWarnings("unchecked")
		private static <T> T failing(Class<T> type, Object target, String method, Supplier<RuntimeException> failure) {
			return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, called, args) -> {
				if (called.getName().equals(method) && toFail.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
					failed.incrementAndGet();
					throw failure.get();
				}
				try {
					return called.invoke(target, args);
				}
				catch (InvocationTargetException ex) {
					throw ex.getCause();
				}
			});
		}

	}

}
