package dev.hookline.bench.receiver;

/**
 * What the receiver does with one request.
 *
 * @param kind answer, hang or reset
 * @param status the status of an answer
 * @param delayMicros how long to wait before answering
 */
record Decision(Kind kind, int status, long delayMicros) {

	static final Decision HANG = new Decision(Kind.HANG, 0, 0);

	static final Decision RESET = new Decision(Kind.RESET, 0, 0);

	static Decision answer(int status, long delayMicros) {
		return new Decision(Kind.ANSWER, status, delayMicros);
	}

	/** The three ways a request can end. */
	enum Kind {

		/** Answers the status after the delay. */
		ANSWER,
		/** Never answers and keeps the connection open. */
		HANG,
		/** Closes the connection without answering. */
		RESET

	}

}
