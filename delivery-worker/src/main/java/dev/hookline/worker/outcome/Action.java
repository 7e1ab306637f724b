package dev.hookline.worker.outcome;

/**
 * What happens to a delivery after an attempt: the attempt's {@code nextAction} and the
 * {@code outcome} tag of the {@code hookline.worker.deliveries} counter.
 */
enum Action {

	/** The endpoint took it. */
	DONE("done", "delivered"),

	/**
	 * It was not taken and waits in a retry tier; the attempt names the tier's topic
	 * instead of this code.
	 */
	RETRIED("retry", "retried"),

	/**
	 * It was not sent (its endpoint's circuit is open, or its subscription or secret
	 * could not be read) and waits in a retry tier with its attempt number unchanged; the
	 * attempt names the tier's topic instead of this code.
	 */
	DEFERRED("deferred", "deferred"),

	/**
	 * It was not taken and the schedule is exhausted: it went to the dead-letter topic.
	 */
	DEAD_LETTERED("dlq", "dead_lettered"),

	/**
	 * Its subscription was deleted or deactivated by an admin: nothing more will be
	 * tried.
	 */
	DROPPED("dropped", "dropped");

	private final String code;

	private final String outcomeTag;

	Action(String code, String outcomeTag) {
		this.code = code;
		this.outcomeTag = outcomeTag;
	}

	/** Whether the delivery was handed to a retry tier, which the attempt names. */
	boolean waitsInATier() {
		return this == RETRIED || this == DEFERRED;
	}

	String code() {
		return this.code;
	}

	String outcomeTag() {
		return this.outcomeTag;
	}

}
