package dev.hookline.schemas;

/**
 * The events Hookline itself emits into a tenant's stream, so an admin can subscribe an
 * alert endpoint to them like to any other event type.
 *
 * <p>
 * Their {@code data} always holds {@value #SUBJECT_FIELD}: the subscription the event is
 * about. Two rules make a delivery loop impossible: the router never delivers an
 * operational event to the subscription it is about, and the worker emits no operational
 * event about a delivery that itself carried an operational event. Operational types are
 * matched only by patterns that name them ({@code hookline.*} or the exact type), never
 * by {@code *}.
 */
public final class OperationalEvents {

	/** The prefix every operational event type starts with; producers may not use it. */
	public static final String PREFIX = "hookline.";

	/**
	 * A subscription was disabled by Hookline ({@code 410 Gone}, or failing too long).
	 * Data: {@code subscriptionId}, {@code url}, {@code reason}, {@code disabledAt}.
	 */
	public static final String SUBSCRIPTION_DISABLED = "hookline.subscription.disabled";

	/**
	 * A delivery exhausted its retries and went to the dead-letter topic. Data:
	 * {@code subscriptionId}, {@code deliveryId}, {@code eventId}, {@code eventType},
	 * {@code attempts}, {@code reason}, {@code lastStatus} (or null), {@code lastError}
	 * (or null), {@code deadLetteredAt}.
	 */
	public static final String DELIVERY_EXHAUSTED = "hookline.delivery.exhausted";

	/** The event {@code POST /v1/subscriptions/{id}/test} sends; never published. */
	public static final String TEST = "hookline.test";

	/** The data field naming the subscription an operational event is about. */
	public static final String SUBJECT_FIELD = "subscriptionId";

	private OperationalEvents() {
	}

	/** Whether the type is one Hookline reserves for itself. */
	public static boolean isOperational(String eventType) {
		return eventType.startsWith(PREFIX);
	}

}
