package dev.hookline.worker.endpoint;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.hookline.sender.http.SendResult;
import org.jspecify.annotations.Nullable;

/**
 * A delivery's turn at its endpoint: either a slot for one request, or a refusal because
 * the endpoint's circuit is open, in which case nothing may be sent.
 *
 * <p>
 * A granted slot is given back exactly once: with {@link #completed} once the request
 * ended, which also tells the circuit breaker how it went, or with {@link #cancelled}
 * when no request was made after all. Later calls, and calls on a refusal, do nothing. A
 * slot never given back stays taken, so every path after a grant must end in one of the
 * two.
 */
public final class Permit {

	private final @Nullable Endpoint endpoint;

	private final boolean waited;

	private final Duration outage;

	private final AtomicBoolean ended = new AtomicBoolean();

	private Permit(@Nullable Endpoint endpoint, boolean waited, Duration outage) {
		this.endpoint = endpoint;
		this.waited = waited;
		this.outage = outage;
	}

	static Permit granted(Endpoint endpoint, boolean waited) {
		return new Permit(endpoint, waited, Duration.ZERO);
	}

	static Permit refused(boolean waited, Duration outage) {
		return new Permit(null, waited, outage);
	}

	/** Whether the endpoint's circuit is open: no request may be sent. */
	public boolean refused() {
		return this.endpoint == null;
	}

	/**
	 * For a refusal, how long the endpoint has been out: since its circuit opened,
	 * through any failed probes since. Zero for a granted slot.
	 */
	public Duration outage() {
		return this.outage;
	}

	/**
	 * Whether the delivery had to wait for its turn, so that its subscription may have
	 * changed since it was read.
	 */
	public boolean waited() {
		return this.waited;
	}

	/** The request was made and ended with this result. */
	public void completed(SendResult result) {
		end(Health.of(result), Duration.ofMillis(result.latencyMs()));
	}

	/** No request was made: the slot is given back and the breaker told nothing. */
	public void cancelled() {
		end(Health.IGNORED, Duration.ZERO);
	}

	private void end(Health health, Duration latency) {
		if (this.endpoint != null && this.ended.compareAndSet(false, true)) {
			this.endpoint.finished(health, latency);
		}
	}

}
