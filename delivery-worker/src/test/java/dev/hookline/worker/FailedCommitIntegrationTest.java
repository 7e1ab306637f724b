package dev.hookline.worker;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hookline.schemas.Delivery;
import dev.hookline.sender.secrets.SigningSecrets;
import dev.hookline.testsupport.VerifyingReceiver;
import org.apache.kafka.clients.consumer.Consumer;
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
 * Offset commits that fail are made again, on the real worker and an in-JVM KRaft broker,
 * with the worker's consumer failing its next commits as a commit that times out does.
 * spring-kafka drops the offsets of a failed commit; before the worker committed its last
 * acknowledged offsets again, a partition that then received nothing more kept its old
 * committed offset, and its deliveries were sent again after the next restart.
 */
@EmbeddedKafka
class FailedCommitIntegrationTest {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@TempDir
	static Path temp;

	private static TestWorker setUp;

	private static VerifyingReceiver receiver;

	private static TopicsClient kafka;

	private static ConfigurableApplicationContext worker;

	@BeforeAll
	static void startWorker() throws Exception {
		setUp = TestWorker.prepare(temp);
		receiver = VerifyingReceiver.start();
		worker = setUp.startWith(new Class<?>[] { FailingCommits.class });
		kafka = new TopicsClient(setUp.brokers());
	}

	@AfterAll
	static void stopWorker() {
		worker.close();
		kafka.close();
		receiver.close();
	}

	@Test
	void anOffsetWhoseCommitFailedIsCommittedLaterThoughNothingMoreArrives() throws Exception {
		String id = UUID.randomUUID().toString().substring(0, 8);
		String path = "/committed/" + id;
		String secret = SigningSecrets.generate();
		receiver.secrets(path, secret);
		String subscriptionId = "sub-" + id;
		kafka.write(TopicsClient.subscription(subscriptionId, receiver.url(path), secret, setUp.cipher()).build());
		FailingCommits.toFail.set(3);

		Delivery delivery = TopicsClient.delivery(subscriptionId, 1, "evt-" + id);
		long offset = kafka.send(delivery, 1);

		await().atMost(PATIENCE).until(() -> receiver.received(path).size() == 1);
		await().atMost(PATIENCE).until(() -> FailingCommits.failed.get() == 3);
		await().atMost(PATIENCE).until(() -> kafka.committed("hookline-worker", 1) == offset + 1);
		assertThat(receiver.received(path)).hasSize(1);
	}

	/**
	 * Makes the worker's consumer fail its next {@link #toFail} commits with a timeout.
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
						factory.addPostProcessor((consumer) -> failing((Consumer<?, ?>) consumer));
					}
					return bean;
				}

			};
		}

		private static Consumer<?, ?> failing(Consumer<?, ?> consumer) {
			return (Consumer<?, ?>) Proxy.newProxyInstance(Consumer.class.getClassLoader(),
					new Class<?>[] { Consumer.class }, (proxy, method, args) -> {
						if (method.getName().equals("commitSync")
								&& toFail.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
							failed.incrementAndGet();
							throw new TimeoutException("commit timed out (test)");
						}
						try {
							return method.invoke(consumer, args);
						}
						catch (InvocationTargetException ex) {
							throw ex.getCause();
						}
					});
		}

	}

}
