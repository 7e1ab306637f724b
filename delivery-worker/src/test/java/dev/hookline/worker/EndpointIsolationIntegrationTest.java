package dev.hookline.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import dev.hookline.schemas.Attempt;
import dev.hookline.schemas.Delivery;
import dev.hookline.sender.secrets.SecretCipher;
import dev.hookline.sender.secrets.SigningSecrets;
import dev.hookline.testsupport.Received;
import dev.hookline.testsupport.VerifyingReceiver;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each endpoint's concurrency cap and circuit breaker on the real worker and an in-JVM
 * KRaft broker, with the retry schedule scaled down to seconds and a small in-flight
 * budget: a failing endpoint stops getting requests while its circuit is open, another
 * endpoint on the same partition gets all of its deliveries meanwhile, and the recovered
 * endpoint gets its traffic back one request at a time first; a slow endpoint's backlog
 * waits in Kafka and holds up no other partition.
 */
@EmbeddedKafka
class EndpointIsolationIntegrationTest {

	private static final Duration WAIT_IN_OPEN = Duration.ofSeconds(2);

	private static final int MAX_CONCURRENCY = 4;

	private static final int MAX_IN_FLIGHT = 50;

	private static final String FIRST_TIER = "hookline.deliveries.retry.1m";

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@TempDir
	static Path temp;

	private static SecretCipher cipher;

	private static VerifyingReceiver receiver;

	private static TrackingEndpoint flaky;

	private static TrackingEndpoint slow;

	private static TopicsClient kafka;

	private static ConfigurableApplicationContext worker;

	private final String id = UUID.randomUUID().toString().substring(0, 8);

	@BeforeAll
	static void startWorker() throws Exception {
		TestWorker setUp = TestWorker.prepare(temp);
		cipher = setUp.cipher();
		receiver = VerifyingReceiver.start();
		flaky = new TrackingEndpoint();
		slow = new TrackingEndpoint();
		worker = setUp.start("hookline.worker.retry.delays=1s,2s,4s,4s,4s", "hookline.worker.retry.jitter=0",
				"hookline.worker.max-in-flight=" + MAX_IN_FLIGHT,
				"hookline.worker.endpoint.max-concurrency=" + MAX_CONCURRENCY,
				"hookline.worker.endpoint.max-waiting=10", "hookline.worker.endpoint.circuit-breaker.window=10s",
				"hookline.worker.endpoint.circuit-breaker.minimum-calls=5",
				"hookline.worker.endpoint.circuit-breaker.wait-in-open=" + WAIT_IN_OPEN.toSeconds() + "s");
		kafka = new TopicsClient(setUp.brokers());
		kafka.readAttemptsFromTheStart();
	}

	@AfterAll
	static void stopWorker() {
		worker.close();
		kafka.close();
		flaky.close();
		slow.close();
		receiver.close();
	}

	@Test
	void aFailingEndpointIsSparedWhileItsCircuitIsOpenAndGetsItsTrafficBackGraduallyOnceItRecovers() throws Exception {
		String flakyUrl = flaky.url("/flaky/" + this.id);
		String failing = subscribe("sub-flaky-" + this.id, flakyUrl, SigningSecrets.generate());
		String healthyPath = "/healthy/" + this.id;
		String healthySecret = SigningSecrets.generate();
		receiver.secrets(healthyPath, healthySecret);
		String healthy = subscribe("sub-healthy-" + this.id, receiver.url(healthyPath), healthySecret);
		flaky.answer(500, Duration.ZERO);

		// failures open the circuit: later deliveries are deferred to the first retry
		// tier
		// unsent, keeping their first attempt
		List<Delivery> first = deliveries(failing, "first", 12);
		kafka.sendAll(first, 0);
		List<Attempt> firstAttempts = awaitFirstAttempts(first);
		assertThat(firstAttempts).filteredOn((attempt) -> attempt.getOutcome().getStatus() != null)
			.hasSizeGreaterThanOrEqualTo(5)
			.allSatisfy((attempt) -> assertThat(attempt.getOutcome().getStatus()).isEqualTo(500));
		assertThat(circuitOpen(firstAttempts)).isNotEmpty().allSatisfy((attempt) -> {
			assertThat(attempt.getAttempt()).isOne();
			assertThat(attempt.getUrl()).isEqualTo(flakyUrl);
			assertThat(attempt.getOutcome().getLatencyMs()).isZero();
			assertThat(attempt.getNextAction()).isEqualTo(FIRST_TIER);
			assertThat(attempt.getNextAttemptAt()).isAfterOrEqualTo(attempt.getOutcome().getAt().plusSeconds(1));
		});

		// while it is open the endpoint gets at most one probe per wait, and a healthy
		// endpoint on the same partition gets every delivery
		int before = flaky.requests();
		long start = System.nanoTime();
		List<Delivery> second = deliveries(failing, "second", 20);
		List<Delivery> mixed = new ArrayList<>();
		for (int i = 0; i < second.size(); i++) {
			mixed.add(second.get(i));
			mixed.add(TopicsClient.delivery(healthy, 1, "evt-healthy-" + i + "-" + this.id));
		}
		kafka.sendAll(mixed, 0);
		List<Received> toHealthy = await().atMost(PATIENCE)
			.until(() -> receiver.received(healthyPath), (received) -> received.size() >= 20);
		List<Attempt> secondAttempts = awaitFirstAttempts(second);
		int probes = flaky.requests() - before;
		long waits = (System.nanoTime() - start) / WAIT_IN_OPEN.toNanos();
		assertThat(toHealthy).hasSize(20).allSatisfy((request) -> assertThat(request.verified()).isTrue());
		assertThat((long) probes).isLessThanOrEqualTo(2 + waits);
		// deferred without spending their first attempt, to a tier at least as long as
		// the endpoint has been out
		assertThat(circuitOpen(secondAttempts)).hasSizeGreaterThanOrEqualTo(second.size() - probes)
			.allSatisfy((attempt) -> {
				assertThat(attempt.getAttempt()).isOne();
				assertThat(attempt.getNextAction()).startsWith("hookline.deliveries.retry.");
			});
		assertThat(openCircuits()).isOne();
		assertThat(deferred())
			.isGreaterThanOrEqualTo(circuitOpen(firstAttempts).size() + circuitOpen(secondAttempts).size());

		// once it answers again, a probe closes the circuit and requests come back one at
		// a
		// time first, then more, never more than the cap
		flaky.answer(200, Duration.ofMillis(200));
		List<Delivery> third = deliveries(failing, "third", 16);
		kafka.sendAll(third, 0);
		awaitDone(third);
		List<Integer> concurrency = flaky.concurrency();
		assertThat(concurrency).as("requests in flight as each arrived").hasSizeGreaterThanOrEqualTo(16);
		assertThat(concurrency.subList(0, 2)).as("the probe, then the first request after it").containsOnly(1);
		assertThat(Collections.max(concurrency)).isGreaterThan(1).isLessThanOrEqualTo(MAX_CONCURRENCY);
		assertThat(openCircuits()).isZero();
	}

	@Test
	void aSlowEndpointsBacklogWaitsInKafkaWithoutHoldingUpEndpointsOnOtherPartitions() throws Exception {
		String slowSubscription = subscribe("sub-slow-" + this.id, slow.url("/slow/" + this.id),
				SigningSecrets.generate());
		String fastPath = "/fast/" + this.id;
		String fastSecret = SigningSecrets.generate();
		receiver.secrets(fastPath, fastSecret);
		String fast = subscribe("sub-fast-" + this.id, receiver.url(fastPath), fastSecret);
		slow.answer(200, Duration.ofMillis(200));
		// more than the whole in-flight budget queued for the slow endpoint first
		List<Delivery> backlog = deliveries(slowSubscription, "slow", 3 * MAX_IN_FLIGHT);
		List<Delivery> others = deliveries(fast, "fast", 40);
		kafka.sendAll(backlog, 0);
		kafka.sendAll(others, 1);

		List<Received> toFast = await().atMost(PATIENCE)
			.until(() -> receiver.received(fastPath), (received) -> received.size() >= others.size());
		// four requests per 200 ms: the 75th leaves at least 3.6 s after the first
		assertThat(slow.requests()).as("requests the slow endpoint got before the others got all")
			.isLessThan(backlog.size() / 2);
		assertThat(toFast).hasSize(others.size()).allSatisfy((request) -> assertThat(request.verified()).isTrue());

		awaitDone(backlog);
		assertThat(slow.requests()).as("one request per delivery").isEqualTo(backlog.size());
		assertThat(Collections.max(slow.concurrency())).isEqualTo(MAX_CONCURRENCY);
	}

	private List<Delivery> deliveries(String subscriptionId, String batch, int count) {
		List<Delivery> deliveries = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			deliveries.add(TopicsClient.delivery(subscriptionId, 1, "evt-" + batch + "-" + i + "-" + this.id));
		}
		return deliveries;
	}

	/** The first attempt of each delivery, once all have one. */
	private static List<Attempt> awaitFirstAttempts(List<Delivery> deliveries) {
		return await().atMost(PATIENCE).pollDelay(Duration.ZERO).until(() -> {
			kafka.readNewAttempts();
			return deliveries.stream()
				.flatMap((delivery) -> kafka.attemptsOf(delivery.getDeliveryId()).stream().limit(1))
				.toList();
		}, (attempts) -> attempts.size() == deliveries.size());
	}

	private static void awaitDone(List<Delivery> deliveries) {
		await().atMost(PATIENCE).pollDelay(Duration.ZERO).until(() -> {
			kafka.readNewAttempts();
			return deliveries.stream()
				.allMatch((delivery) -> kafka.attemptsOf(delivery.getDeliveryId())
					.stream()
					.anyMatch((attempt) -> attempt.getNextAction().equals("done")));
		});
	}

	private static List<Attempt> circuitOpen(List<Attempt> attempts) {
		return attempts.stream()
			.filter((attempt) -> "circuit_open".equals(attempt.getOutcome().getError()))
			.peek((attempt) -> assertThat(attempt.getOutcome().getStatus()).isNull())
			.toList();
	}

	private static double openCircuits() {
		return worker.getBean(MeterRegistry.class).get("hookline.worker.endpoint.open-circuits").gauge().value();
	}

	private static double deferred() {
		return worker.getBean(MeterRegistry.class).get("hookline.worker.endpoint.deferred").functionCounter().count();
	}

	private static String subscribe(String subscriptionId, String url, String secret) throws Exception {
		kafka.write(TopicsClient.subscription(subscriptionId, url, secret, cipher).build());
		return subscriptionId;
	}

}
