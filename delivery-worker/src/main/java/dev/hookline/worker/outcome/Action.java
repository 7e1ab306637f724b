package dev.hookline.worker.outcome;

/**
 * What happens to a delivery after an attempt: the attempt's {@code nextAction} and the
 * {@code outcome} tag of the {@code hookline.worker.deliveries} counter.
 */
enum Action {

	/** The endpoint took it. */
	DONE("done", "delivered"),

	/** It was not taken; retry tiers and the dead-letter topic replace this later. */
	FAILED("failed", "failed"),

	/** Its subscription is gone or disabled: nothing more will be tried. */
	DROPPED("dropped", "dropped");

	private final String code;

	private final String outcomeTag;

	Action(String code, String outcomeTag) {
		this.code = code;
		this.outcomeTag = outcomeTag;
	}

	String code() {
		return this.code;
	}

	String outcomeTag() {
		return this.outcomeTag;
	}

}
