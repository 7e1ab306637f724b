package dev.hookline.worker;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many requests this worker sends to one endpoint (one subscription) at once, and how
 * many of its deliveries may wait for a free slot, under
 * {@code hookline.worker.endpoint}; start-up fails on an invalid setting.
 *
 * <p>
 * A delivery that finds its endpoint with {@code maxConcurrency} requests in flight waits
 * for one of them to end, without a thread. When {@code maxWaiting} of the endpoint's
 * deliveries wait, the worker stops reading the partition of its next delivery, and reads
 * it again once half of them have been sent, so one slow endpoint's backlog stays in
 * Kafka instead of taking {@code hookline.worker.max-in-flight} from the others.
 *
 * @param maxConcurrency requests in flight to one endpoint at most
 * @param maxWaiting deliveries of one endpoint that may wait for a free slot at once
 */
@ConfigurationProperties("hookline.worker.endpoint")
public record EndpointSettings(@DefaultValue("64") int maxConcurrency, @DefaultValue("100") int maxWaiting) {

	public EndpointSettings {
		if (maxConcurrency < 1) {
			throw new IllegalArgumentException("hookline.worker.endpoint.max-concurrency must be at least 1");
		}
		if (maxWaiting < 1) {
			throw new IllegalArgumentException("hookline.worker.endpoint.max-waiting must be at least 1");
		}
	}

}
