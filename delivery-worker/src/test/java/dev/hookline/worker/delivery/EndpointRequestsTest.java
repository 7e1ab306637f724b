package dev.hookline.worker.delivery;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.PreviousSecret;
import dev.hookline.schemas.Subscription;
import dev.hookline.sender.secrets.SecretCipher;
import dev.hookline.worker.endpoint.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class EndpointRequestsTest {

	private static final String CURRENT = "whsec_Y3VycmVudC1zZWNyZXQtb2YtdGhpcnR5LXR3by1ieXRlcyE=";

	private static final String PREVIOUS = "whsec_cHJldmlvdXMtc2VjcmV0LW9mLXRoaXJ0eS10d28tYnl0ZSE=";

	private final SecretCipher cipher = SecretCipher.fromKeysetJson(SecretCipher.generateKeysetJson());

	private final AtomicInteger decryptions = new AtomicInteger();

	private final MutableClock clock = new MutableClock();

	private final EndpointRequests requests = new EndpointRequests((ciphertext, tenant, id) -> {
		this.decryptions.incrementAndGet();
		return this.cipher.decrypt(ciphertext, tenant, id);
	}, this.clock);

	@Test
	void aSubscriptionVersionIsDecryptedOnceForAllItsRequests() {
		Subscription subscription = subscription(1, CURRENT);

		for (int i = 0; i < 5; i++) {
			assertThat(this.requests.build(delivery(i), subscription, null).secrets()).containsExactly(CURRENT);
		}

		assertThat(this.decryptions).hasValue(1);
	}

	@Test
	void aRotatedSecretSignsFromTheNextRequestOn() {
		assertThat(this.requests.build(delivery(1), subscription(1, CURRENT), null).secrets()).containsExactly(CURRENT);

		Subscription rotated = subscription(2, PREVIOUS);

		assertThat(this.requests.build(delivery(2), rotated, null).secrets()).containsExactly(PREVIOUS);
	}

	@Test
	void aPreviousSecretStopsSigningWhenItExpiresThoughItsVersionIsKept() {
		Subscription subscription = Subscription.newBuilder(subscription(2, CURRENT))
			.setPreviousSecrets(List.of(new PreviousSecret(encrypted(PREVIOUS), this.clock.instant().plusSeconds(60))))
			.build();

		assertThat(this.requests.build(delivery(1), subscription, null).secrets()).containsExactly(CURRENT, PREVIOUS);
		this.clock.advance(Duration.ofSeconds(61));
		assertThat(this.requests.build(delivery(2), subscription, null).secrets()).containsExactly(CURRENT);
		assertThat(this.decryptions).hasValue(2);
	}

	@Test
	void aSecretThatDoesNotDecryptFailsEveryRequestWithoutNamingTheSecret() {
		Subscription foreign = Subscription.newBuilder(subscription(1, CURRENT)).setId("sub_other").build();

		for (int i = 0; i < 2; i++) {
			assertThatIllegalStateException().isThrownBy(() -> this.requests.build(delivery(1), foreign, null))
				.withMessageContaining("sub_other")
				.withMessageNotContaining(CURRENT);
		}
		assertThat(this.decryptions).hasValue(2);
	}

	@Test
	void theAttemptsTraceContextIsSentInTraceparentOverTheSubscriptionsOwnHeader() {
		Subscription subscription = Subscription.newBuilder(subscription(1, CURRENT))
			.setHeaders(Map.of("traceparent", "theirs", "X-Team", "billing"))
			.build();
		String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

		assertThat(this.requests.build(delivery(1), subscription, traceparent).headers())
			.containsExactlyInAnyOrderEntriesOf(Map.of("traceparent", traceparent, "X-Team", "billing"));
		assertThat(this.requests.build(delivery(1), subscription, null).headers()).containsEntry("traceparent",
				"theirs");
	}

	/** The secret is encrypted for {@code sub_1}, whatever id the copy is given. */
	private Subscription subscription(long version, String secret) {
		Instant now = this.clock.instant();
		return Subscription.newBuilder()
			.setId("sub_1")
			.setTenant("acme")
			.setUrl("https://hooks.example.com/in")
			.setSecret(encrypted(secret))
			.setEventTypes(List.of("*"))
			.setVersion(version)
			.setCreatedAt(now)
			.setUpdatedAt(now)
			.build();
	}

	private ByteBuffer encrypted(String secret) {
		return ByteBuffer.wrap(this.cipher.encrypt(secret, "acme", "sub_1"));
	}

	private Delivery delivery(int n) {
		Instant now = this.clock.instant();
		return Delivery.newBuilder()
			.setDeliveryId("msg_" + n)
			.setTenant("acme")
			.setEventId("evt_" + n)
			.setEventType("post.created")
			.setSubscriptionId("sub_1")
			.setSubscriptionVersion(1)
			.setBody(ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)))
			.setAttempt(1)
			.setCreatedAt(now)
			.setDueAt(now)
			.build();
	}

}
