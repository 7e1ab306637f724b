package dev.hookline.ingest.subscriptions;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import dev.hookline.schemas.DeliveryIds;
import dev.hookline.schemas.OperationalEvents;
import dev.hookline.schemas.Subscription;
import dev.hookline.sender.http.SendError;
import dev.hookline.sender.http.SendResult;
import dev.hookline.sender.http.WebhookClient;
import dev.hookline.sender.http.WebhookRequest;
import dev.hookline.sender.outcome.OutcomeClassifier;
import dev.hookline.sender.outcome.Verdict;
import dev.hookline.sender.secrets.SecretCipher;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Sends a {@code hookline.test} event to a subscription's endpoint now, the way the
 * worker sends a delivery: with webhook-sender's client and its SSRF guard, the
 * subscription's custom headers, signed with its current secret and every previous one
 * still signing. Nothing is written to any topic.
 *
 * <p>
 * The result never fails for what the endpoint did: a refused address, a timeout or an
 * error status is reported in the {@link Result}. A secret that cannot be decrypted fails
 * the {@code Mono} with the cipher's exception.
 */
final class TestSender {

	static final String MESSAGE = "This is a test event from Hookline.";

	private static final JsonFactory JSON = new JsonFactory();

	private final WebhookClient client;

	private final SecretCipher cipher;

	private final Clock clock;

	TestSender(WebhookClient client, SecretCipher cipher, Clock clock) {
		this.client = client;
		this.cipher = cipher;
		this.clock = clock;
	}

	Mono<Result> send(Subscription subscription) {
		return Mono.defer(() -> {
			Instant now = this.clock.instant();
			String eventId = "evt_test_" + UUID.randomUUID().toString().replace("-", "");
			String webhookId = DeliveryIds.of(eventId, subscription.getId());
			WebhookRequest request = new WebhookRequest(subscription.getUrl(), webhookId,
					body(eventId, subscription.getId(), now), Secrets.signing(subscription, this.cipher, now),
					subscription.getHeaders());
			return this.client.send(request).map((result) -> Result.of(result, webhookId));
		});
	}

	/** The body in the layout the router gives every event: id, type, timestamp, data. */
	static byte[] body(String eventId, String subscriptionId, Instant now) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
			json.writeStartObject();
			json.writeStringProperty("id", eventId);
			json.writeStringProperty("type", OperationalEvents.TEST);
			json.writeStringProperty("timestamp", now.toString());
			json.writeName("data");
			json.writeStartObject();
			json.writeStringProperty(OperationalEvents.SUBJECT_FIELD, subscriptionId);
			json.writeStringProperty("message", MESSAGE);
			json.writeEndObject();
			json.writeEndObject();
		}
		return out.toByteArray();
	}

	/**
	 * What the endpoint made of the test event.
	 *
	 * @param delivered whether it answered 2xx
	 * @param status its HTTP status, or null when it did not answer
	 * @param error why it did not answer ({@code blocked_address}, {@code timeout}…), or
	 * null
	 * @param latencyMs from the start of the attempt to its end
	 * @param responseSnippet the start of its response body, or null
	 * @param webhookId the {@code webhook-id} it was sent with
	 */
	record Result(boolean delivered, @Nullable Integer status, @Nullable String error, long latencyMs,
			@Nullable String responseSnippet, String webhookId) {

		private static final OutcomeClassifier CLASSIFIER = new OutcomeClassifier();

		static Result of(SendResult sent, String webhookId) {
			Integer status = sent.status();
			SendError error = sent.error();
			return new Result(CLASSIFIER.classify(sent) instanceof Verdict.Delivered, status,
					(error != null) ? error.code() : null, sent.latencyMs(), sent.snippet(), webhookId);
		}

	}

}
