package dev.hookline.ingest.subscriptions;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.hookline.ingest.auth.Caller;
import dev.hookline.ingest.http.JsonBodyReader;
import dev.hookline.ingest.http.RotationOverlap;
import dev.hookline.schemas.Subscription;
import dev.hookline.sender.secrets.SecretCipher;
import dev.hookline.sender.secrets.SigningSecrets;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What an admin does to a subscription beside changing it: rotate its signing secret
 * ({@code POST …/rotate-secret}) and send it a test event ({@code POST …/test}).
 *
 * <p>
 * A rotation makes a new current secret, shown in this answer only; the old one keeps
 * signing beside it for {@code expiresIn} seconds (default
 * {@code hookline.ingest.subscriptions.rotation-overlap}), so receivers can switch
 * without refusing a webhook. It honours {@code If-Match} like a {@code PATCH}. A
 * test-send works for inactive subscriptions too, is written to no topic, and is limited
 * per subscription ({@link TestSendLimiter}). Another tenant's subscription answers 404.
 */
@RestController
@RequestMapping("/v1/subscriptions/{id}")
final class SubscriptionActions {

	private final JsonBodyReader bodies;

	private final SubscriptionStore store;

	private final SecretCipher cipher;

	private final TestSender sender;

	private final TestSendLimiter limiter;

	private final Duration defaultOverlap;

	SubscriptionActions(JsonBodyReader bodies, SubscriptionStore store, SecretCipher cipher, TestSender sender,
			TestSendLimiter limiter, SubscriptionsProperties properties) {
		this.bodies = bodies;
		this.store = store;
		this.cipher = cipher;
		this.sender = sender;
		this.limiter = limiter;
		this.defaultOverlap = properties.rotationOverlap();
	}

	@PostMapping("/rotate-secret")
	Mono<ResponseEntity<Rotation>> rotateSecret(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
			@PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			ServerHttpRequest request) {
		Long expected = IfMatch.parse(ifMatch);
		return RotationOverlap.read(this.bodies, request, this.defaultOverlap).flatMap((overlap) -> {
			String secret = SigningSecrets.generate();
			ByteBuffer encrypted = ByteBuffer.wrap(this.cipher.encrypt(secret, caller.tenant(), id));
			Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
			Instant expiresAt = now.plus(overlap);
			return this.store
				.update(caller.tenant(), id, expected,
						(current) -> Subscription.newBuilder(current)
							.setSecret(encrypted)
							.setPreviousSecrets(Secrets.afterRotation(current, expiresAt, now))
							.build())
				.map((found) -> {
					Subscription rotated = found.orElseThrow(() -> SubscriptionController.notFound(id));
					return ResponseEntity.ok()
						.eTag("\"" + rotated.getVersion() + "\"")
						// the only answer that holds the new secret: no cache may keep it
						.cacheControl(CacheControl.noStore())
						.body(new Rotation(secret, expiresAt, rotated.getVersion()));
				});
		}).onErrorMap(VersionMismatchException.class, (ex) -> IfMatch.stale(ex, expected));
	}

	@PostMapping("/test")
	Mono<TestSender.Result> test(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id) {
		return this.store.find(caller.tenant(), id).flatMap((found) -> {
			Subscription subscription = found.orElseThrow(() -> SubscriptionController.notFound(id));
			this.limiter.acquire(id);
			return this.sender.send(subscription);
		});
	}

	/**
	 * The answer to a rotation.
	 *
	 * @param secret the new current signing secret ({@code whsec_…}), shown only here
	 * @param previousExpiresAt when the replaced secret stops signing
	 * @param version the subscription's version after the rotation
	 */
	record Rotation(String secret, Instant previousExpiresAt, long version) {

		@Override
		public String toString() {
			// never let the secret reach a log line
			return "Rotation[previousExpiresAt=" + this.previousExpiresAt + ", version=" + this.version + "]";
		}

	}

}
