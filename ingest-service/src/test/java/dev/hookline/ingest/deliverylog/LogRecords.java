package dev.hookline.ingest.deliverylog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import dev.hookline.schemas.Attempt;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.DeliveryIds;
import dev.hookline.schemas.Outcome;
import org.jspecify.annotations.Nullable;

/**
 * Deliveries and attempts as the router and the worker write them, for the delivery log's
 * tests.
 */
public final class LogRecords {

	/** A fixed instant the unit tests count from. */
	public static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

	private LogRecords() {
	}

	public static Delivery delivery(String tenant, String subscriptionId, String eventId, String eventType,
			Instant createdAt) {
		String body = "{\"id\":\"" + eventId + "\",\"type\":\"" + eventType + "\",\"data\":{}}";
		return Delivery.newBuilder()
			.setDeliveryId(DeliveryIds.of(eventId, subscriptionId))
			.setTenant(tenant)
			.setEventId(eventId)
			.setEventType(eventType)
			.setSubscriptionId(subscriptionId)
			.setSubscriptionVersion(1)
			.setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))
			.setAttempt(1)
			.setCreatedAt(createdAt)
			.setDueAt(createdAt)
			.build();
	}

	/**
	 * An attempt of the delivery that ended at {@code at}.
	 * @param nextAction {@code done}, a retry topic, {@code dlq}, {@code dropped} or
	 * {@code disabled}
	 */
	public static Attempt attempt(Delivery delivery, int number, Instant at, @Nullable Integer status,
			@Nullable String snippet, String nextAction, @Nullable Instant nextAttemptAt) {
		return Attempt.newBuilder()
			.setDeliveryId(delivery.getDeliveryId())
			.setTenant(delivery.getTenant())
			.setEventId(delivery.getEventId())
			.setEventType(delivery.getEventType())
			.setSubscriptionId(delivery.getSubscriptionId())
			.setAttempt(number)
			.setUrl("https://example.com/hooks")
			.setOutcome(Outcome.newBuilder()
				.setAt(at)
				.setStatus(status)
				.setError((status == null) ? "timeout" : null)
				.setLatencyMs(42)
				.build())
			.setResponseSnippet(snippet)
			.setBodySha256(sha256Hex(delivery.getBody()))
			.setNextAction(nextAction)
			.setNextAttemptAt(nextAttemptAt)
			.build();
	}

	/** Hex SHA-256 of a body, computed apart from the code under test. */
	public static String sha256Hex(ByteBuffer body) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(toArray(body)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] toArray(ByteBuffer body) {
		byte[] bytes = new byte[body.remaining()];
		body.duplicate().get(bytes);
		return bytes;
	}

}
