package dev.hookline.testsupport;

import java.time.Duration;

/**
 * How the {@link VerifyingReceiver} answers on one path.
 *
 * @param status the status of a normal answer
 * @param delay how long to wait before answering
 * @param failFirst how many requests answer {@code failStatus} before normal answers
 * begin
 * @param failStatus the status of those first requests
 * @param mode normal answers, never answering, or resetting the connection
 * @param headers extra response headers, as name/value pairs
 */
public record Behaviour(int status, Duration delay, int failFirst, int failStatus, Mode mode, String... headers) {

	/** What the receiver does with a request. */
	public enum Mode {

		/** Answers with the status after the delay. */
		ANSWER,
		/** Reads the request and never answers. */
		HANG,
		/** Resets the TCP connection without answering. */
		RESET

	}

	public static Behaviour ok() {
		return new Behaviour(200, Duration.ZERO, 0, 0, Mode.ANSWER);
	}

	public static Behaviour status(int status, String... headers) {
		return new Behaviour(status, Duration.ZERO, 0, 0, Mode.ANSWER, headers);
	}

	public static Behaviour hang() {
		return new Behaviour(200, Duration.ZERO, 0, 0, Mode.HANG);
	}

	public static Behaviour reset() {
		return new Behaviour(200, Duration.ZERO, 0, 0, Mode.RESET);
	}

	public Behaviour withDelay(Duration delay) {
		return new Behaviour(this.status, delay, this.failFirst, this.failStatus, this.mode, this.headers);
	}

	/**
	 * The first {@code count} requests to the path answer {@code status}, the rest as
	 * before.
	 */
	public Behaviour failingFirst(int count, int status) {
		return new Behaviour(this.status, this.delay, count, status, this.mode, this.headers);
	}

}
