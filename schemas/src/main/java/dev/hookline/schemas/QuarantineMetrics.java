package dev.hookline.schemas;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The one counter of quarantined records, {@code hookline.quarantined}, tagged with the
 * topic the record was read from and the reason, alike in every service, so that one
 * alert covers them all.
 */
public final class QuarantineMetrics {

	public static final String NAME = "hookline.quarantined";

	private QuarantineMetrics() {
	}

	/** Counts one entry written. */
	public static void count(MeterRegistry registry, Quarantined entry) {
		Counter.builder(NAME)
			.description("Records put in the quarantine topic: undecodable, or not to be trusted")
			.tag("topic", entry.getOriginTopic())
			.tag("reason", entry.getReason())
			.register(registry)
			.increment();
	}

}
