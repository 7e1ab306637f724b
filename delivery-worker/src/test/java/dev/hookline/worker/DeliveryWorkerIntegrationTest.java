package dev.hookline.worker;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import dev.hookline.schemas.Attempt;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.PreviousSecret;
import dev.hookline.schemas.Subscription;
import dev.hookline.sender.secrets.SecretCipher;
import dev.hookline.sender.secrets.SigningSecrets;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The real worker on an in-JVM KRaft broker, sending to a real HTTP receiver in local
 * mode; subscriptions and deliveries are written straight to the topics.
 */
@EmbeddedKafka
class DeliveryWorkerIntegrationTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final String GROUP = "hookline-worker";

	@TempDir
	static Path temp;

	private static SecretCipher cipher;

	private static Receiver receiver;

	private static TopicsClient kafka;

	private static ConfigurableApplicationContext worker;

	private final String id = UUID.randomUUID().toString().substring(0, 8);

	@BeforeAll
	static void startWorker() throws Exception {
		TestWorker setUp = TestWorker.prepare(temp);
		cipher = setUp.cipher();
		receiver = new Receiver();
		worker = setUp.start("hookline.worker.request-timeout=60s");
		kafka = new TopicsClient(setUp.brokers());
		kafka.readAttemptsFromTheStart();
	}

	@AfterAll
	static void stopWorker() {
		worker.close();
		kafka.close();
		receiver.close();
	}

	@Test
	void aDeliveryReachesItsEndpointSignedWithEveryLiveSecretAndIsRecordedAsDone() throws Exception {
		String current = SigningSecrets.generate();
		String previous = SigningSecrets.generate();
		String expired = SigningSecrets.generate();
		String subscriptionId = "sub-signed-" + this.id;
		Subscription subscription = subscription(subscriptionId, 1, receiver.url("/ok/" + subscriptionId), current,
				true)
			.setPreviousSecrets(List.of(previous(subscriptionId, previous, Duration.ofHours(1)),
					previous(subscriptionId, expired, Duration.ofMinutes(-1))))
			.setHeaders(Map.of("X-Acme-Account", "42"))
			.build();
		kafka.write(subscription);
		List<Delivery> deliveries = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			deliveries.add(kafka.send(TopicsClient.delivery(subscriptionId, 1, "evt-" + i + "-" + this.id)));
		}

		for (Delivery delivery : deliveries) {
			Attempt attempt = awaitAttempt(delivery);
			assertThat(attempt.getNextAction()).isEqualTo("done");
			assertThat(attempt.getOutcome().getStatus()).isEqualTo(200);
			assertThat(attempt.getOutcome().getError()).isNull();
			assertThat(attempt.getResponseSnippet()).isEqualTo("ok");
			assertThat(attempt.getUrl()).isEqualTo(subscription.getUrl());
			assertThat(attempt.getAttempt()).isEqualTo(1);
			assertThat(attempt.getEventId()).isEqualTo(delivery.getEventId());
			assertThat(attempt.getBodySha256()).isEqualTo(sha256Hex(delivery.getBody()));
			assertThat(attempt.toString()).doesNotContain(current, previous, expired);

			Receiver.Request request = receiver.request(delivery.getDeliveryId());
			assertThat(request.header("webhook-id")).isEqualTo(delivery.getDeliveryId());
			assertThat(request.header("x-acme-account")).isEqualTo("42");
			assertThat(request.header("webhook-signature").split(" ")).hasSize(2);
			assertThatNoException()
				.isThrownBy(() -> new Webhook(current).verify(request.bodyText(), request.headers()));
			assertThatNoException()
				.isThrownBy(() -> new Webhook(previous).verify(request.bodyText(), request.headers()));
			assertThatThrownBy(() -> new Webhook(expired).verify(request.bodyText(), request.headers()))
				.isInstanceOf(WebhookVerificationException.class);
		}
	}

	@Test
	void aFailingEndpointIsRecordedWithItsStatusAndAnswerAndItsDeliveryWaitsInTheFirstRetryTier() throws Exception {
		double retriedBefore = deliveries("retried");
		String subscriptionId = "sub-failing-" + this.id;
		kafka.write(subscription(subscriptionId, 1, receiver.url("/fail/" + subscriptionId), SigningSecrets.generate(),
				true)
			.build());
		Delivery delivery = kafka.send(TopicsClient.delivery(subscriptionId, 1, "evt-" + this.id));

		Attempt attempt = awaitAttempt(delivery);
		assertThat(attempt.getNextAction()).isEqualTo("hookline.deliveries.retry.1m");
		assertThat(attempt.getOutcome().getStatus()).isEqualTo(500);
		assertThat(attempt.getResponseSnippet()).isEqualTo("nope: try later");
		await().atMost(PATIENCE).until(() -> deliveries("retried") >= retriedBefore + 1);
	}

	@Test
	void aDeletedOrDisabledSubscriptionDropsItsDeliveriesWithoutSendingThem() throws Exception {
		double droppedBefore = deliveries("dropped");
		String deleted = "sub-deleted-" + this.id;
		kafka.write(subscription(deleted, 1, receiver.url("/ok/" + deleted), SigningSecrets.generate(), true).build());
		kafka.delete(deleted);
		String disabled = "sub-disabled-" + this.id;
		Subscription inactive = subscription(disabled, 1, receiver.url("/ok/" + disabled), SigningSecrets.generate(),
				false)
			.build();
		kafka.write(inactive);
		Delivery toDeleted = kafka.send(TopicsClient.delivery(deleted, 1, "evt-1-" + this.id));
		Delivery toUnknown = kafka.send(TopicsClient.delivery("sub-never-" + this.id, 1, "evt-2-" + this.id));
		Delivery toDisabled = kafka.send(TopicsClient.delivery(disabled, 1, "evt-3-" + this.id));

		for (Delivery delivery : List.of(toDeleted, toUnknown)) {
			Attempt attempt = awaitAttempt(delivery);
			assertThat(attempt.getNextAction()).isEqualTo("dropped");
			assertThat(attempt.getOutcome().getError()).isEqualTo("subscription_deleted");
			assertThat(attempt.getOutcome().getStatus()).isNull();
		}
		Attempt attempt = awaitAttempt(toDisabled);
		assertThat(attempt.getNextAction()).isEqualTo("dropped");
		assertThat(attempt.getOutcome().getError()).isEqualTo("subscription_deactivated");
		assertThat(attempt.getUrl()).isEqualTo(inactive.getUrl());
		assertThat(List.of(toDeleted, toUnknown, toDisabled))
			.allMatch((delivery) -> receiver.request(delivery.getDeliveryId()) == null);
		await().atMost(PATIENCE).until(() -> deliveries("dropped") >= droppedBefore + 3);
	}

	@Test
	void aDeliveryGoesToTheUrlItsSubscriptionHasWhenItIsSent() throws Exception {
		String subscriptionId = "sub-moved-" + this.id;
		String secret = SigningSecrets.generate();
		kafka.write(subscription(subscriptionId, 1, receiver.url("/ok/old-" + this.id), secret, true).build());
		kafka.write(subscription(subscriptionId, 2, receiver.url("/ok/new-" + this.id), secret, true).build());
		Delivery routedToVersion2 = kafka.send(TopicsClient.delivery(subscriptionId, 2, "evt-1-" + this.id));
		assertThat(awaitAttempt(routedToVersion2).getUrl()).isEqualTo(receiver.url("/ok/new-" + this.id));

		// an older delivery (a retry, a replay) is signed and sent as the subscription is
		// now
		Delivery routedToVersion1 = kafka.send(TopicsClient.delivery(subscriptionId, 1, "evt-2-" + this.id));
		assertThat(awaitAttempt(routedToVersion1).getNextAction()).isEqualTo("done");
		assertThat(receiver.request(routedToVersion1.getDeliveryId()).uri()).isEqualTo("/ok/new-" + this.id);
	}

	@Test
	void committedOffsetsNeverPassADeliveryStillInFlight() throws Exception {
		String subscriptionId = "sub-slow-" + this.id;
		kafka.write(
				subscription(subscriptionId, 1, receiver.url("/ok/" + subscriptionId), SigningSecrets.generate(), true)
					.build());
		Delivery lead = TopicsClient.delivery(subscriptionId, 1, "evt-lead-" + this.id);
		long leadOffset = kafka.send(lead, 0);
		awaitAttempt(lead);
		await().atMost(PATIENCE).until(() -> kafka.committed(GROUP, 0) == leadOffset + 1);

		Delivery slow = TopicsClient.delivery(subscriptionId, 1, "evt-slow-" + this.id);
		CompletableFuture<Void> release = receiver.hold(slow.getDeliveryId());
		long slowOffset = kafka.send(slow, 0);
		List<Delivery> fast = new ArrayList<>();
		long lastOffset = slowOffset;
		for (int i = 0; i < 20; i++) {
			Delivery delivery = TopicsClient.delivery(subscriptionId, 1, "evt-fast-" + i + "-" + this.id);
			lastOffset = kafka.send(delivery, 0);
			fast.add(delivery);
		}
		assertThat(awaitAttempts(fast)).extracting(Attempt::getNextAction).containsOnly("done");
		await().atMost(PATIENCE).until(() -> receiver.request(slow.getDeliveryId()) != null);

		// a commit round after the fast deliveries were acknowledged: a marker on the
		// other
		// partition, committed by the same consumer
		Delivery marker = TopicsClient.delivery(subscriptionId, 1, "evt-marker-" + this.id);
		long markerOffset = kafka.send(marker, 1);
		awaitAttempt(marker);
		await().atMost(PATIENCE).until(() -> kafka.committed(GROUP, 1) > markerOffset);
		assertThat(kafka.committed(GROUP, 0)).isEqualTo(slowOffset);
		assertThat(kafka.attemptsOf(slow.getDeliveryId())).isEmpty();

		release.complete(null);
		assertThat(awaitAttempt(slow).getNextAction()).isEqualTo("done");
		long end = lastOffset + 1;
		await().atMost(PATIENCE).until(() -> kafka.committed(GROUP, 0) == end);
	}

	private static Attempt awaitAttempt(Delivery delivery) {
		return awaitAttempts(List.of(delivery)).get(0);
	}

	/** The first attempt of each delivery, once all are recorded. */
	private static List<Attempt> awaitAttempts(List<Delivery> deliveries) {
		return await().atMost(PATIENCE).pollDelay(Duration.ZERO).until(() -> {
			kafka.readNewAttempts();
			return deliveries.stream().map((delivery) -> kafka.attemptsOf(delivery.getDeliveryId())).toList();
		}, (attempts) -> attempts.stream().noneMatch(List::isEmpty))
			.stream()
			.map((attempts) -> attempts.get(0))
			.toList();
	}

	private static double deliveries(String outcome) {
		return worker.getBean(MeterRegistry.class)
			.get("hookline.worker.deliveries")
			.tag("outcome", outcome)
			.counter()
			.count();
	}

	private static Subscription.Builder subscription(String id, long version, String url, String secret,
			boolean active) {
		return TopicsClient.subscription(id, url, secret, cipher).setActive(active).setVersion(version);
	}

	private static PreviousSecret previous(String subscriptionId, String secret, Duration expiresIn) {
		return PreviousSecret.newBuilder()
			.setSecret(ByteBuffer.wrap(cipher.encrypt(secret, "acme", subscriptionId)))
			.setExpiresAt(Instant.now().plus(expiresIn))
			.build();
	}

	private static String sha256Hex(ByteBuffer body) throws Exception {
		MessageDigest sha = MessageDigest.getInstance("SHA-256");
		sha.update(body.duplicate());
		return HexFormat.of().formatHex(sha.digest());
	}

}
