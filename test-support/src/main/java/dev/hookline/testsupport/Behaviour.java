package dev.hookline.testsupport;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How the {@link VerifyingReceiver} answers on one path.
 *
 * @param status the status of a normal answer
 * @param delay how long to wait before answering
 * @param failFirst how many requests answer {@code failStatus} before normal answers
 * begin
 * @param failStatus the status of those first requests
 * @param mode normal answers, never answering, or resetting the connection
 * @param flaky how the first request of each {@code webhook-id} may fail at random; later
 * requests of the same id are answered normally
 * @param body the answer's body, or {@code null} for the receiver's own JSON
 * ({@code {"received":true,"status":200}})
 * @param headers extra response headers, as name/value pairs
 */
public record Behaviour(int status, Duration delay, int failFirst, int failStatus, Mode mode, Flaky flaky,
		@Nullable String body, String... headers) {

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
		return new Behaviour(200, Duration.ZERO, 0, 0, Mode.ANSWER, Flaky.NEVER, null);
	}

	public static Behaviour status(int status, String... headers) {
		return new Behaviour(status, Duration.ZERO, 0, 0, Mode.ANSWER, Flaky.NEVER, null, headers);
	}

	public static Behaviour hang() {
		return new Behaviour(200, Duration.ZERO, 0, 0, Mode.HANG, Flaky.NEVER, null);
	}

	public static Behaviour reset() {
		return new Behaviour(200, Duration.ZERO, 0, 0, Mode.RESET, Flaky.NEVER, null);
	}

	public Behaviour withDelay(Duration delay) {
		return new Behaviour(this.status, delay, this.failFirst, this.failStatus, this.mode, this.flaky, this.body,
				this.headers);
	}

	/** Every answer has this body (the first 1 KiB is what Hookline's log shows). */
	public Behaviour withBody(String body) {
		return new Behaviour(this.status, this.delay, this.failFirst, this.failStatus, this.mode, this.flaky, body,
				this.headers);
	}

	/**
	 * The first {@code count} requests to the path answer {@code status}, the rest as
	 * before.
	 */
	public Behaviour failingFirst(int count, int status) {
		return new Behaviour(this.status, this.delay, count, status, this.mode, this.flaky, this.body, this.headers);
	}

	/**
	 * The first request of each {@code webhook-id} fails at random as {@code flaky} says;
	 * every later request of that id is answered as before.
	 */
	public Behaviour flaky(Flaky flaky) {
		return new Behaviour(this.status, this.delay, this.failFirst, this.failStatus, this.mode, flaky, this.body,
				this.headers);
	}

	/**
	 * How the first request of each {@code webhook-id} fails, each at random with its
	 * probability (together at most 1): answered {@code failStatus}, never answered, or
	 * its connection reset.
	 *
	 * @param fail probability of a {@code failStatus} answer
	 * @param failStatus the status of such an answer
	 * @param hang probability of no answer at all
	 * @param reset probability of a reset connection
	 */
	public record Flaky(double fail, int failStatus, double hang, double reset) {

		/** Every request is answered as the behaviour says. */
		public static final Flaky NEVER = new Flaky(0, 500, 0, 0);

		public Flaky {
			if (fail < 0 || hang < 0 || reset < 0 || fail + hang + reset > 1) {
				throw new IllegalArgumentException("probabilities must be at least 0 and add up to at most 1");
			}
		}

		/** A fraction of first requests answered {@code status}. */
		public static Flaky failing(double fraction, int status) {
			return new Flaky(fraction, status, 0, 0);
		}

		/**
		 * Applies to a first request, given a uniform number in [0, 1): the behaviour it
		 * gets instead of {@code normal}.
		 */
		Behaviour firstRequest(Behaviour normal, double random) {
			if (random < this.fail) {
				return Behaviour.status(this.failStatus).withDelay(normal.delay());
			}
			if (random < this.fail + this.hang) {
				return Behaviour.hang();
			}
			return (random < this.fail + this.hang + this.reset) ? Behaviour.reset() : normal;
		}

	}

}
