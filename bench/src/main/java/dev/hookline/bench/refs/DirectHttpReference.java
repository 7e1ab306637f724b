package dev.hookline.bench.refs;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.hookline.sender.http.SendResult;
import dev.hookline.sender.http.SenderSettings;
import dev.hookline.sender.http.WebhookClient;
import dev.hookline.sender.http.WebhookRequest;
import dev.hookline.sender.ssrf.AddressGuard;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * R3: the worker's own HTTP client ({@link WebhookClient}: signing, SSRF guard, timeouts,
 * capped reads) POSTing straight to the receiver, with at most as many requests in flight
 * as the worker allows. No Kafka is involved, so this is the most HTTP the machine does
 * with this client, against the same endpoint latency distribution.
 */
public final class DirectHttpReference {

	static final List<String> SECRETS = List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

	private final int maxInFlight;

	public DirectHttpReference(int maxInFlight) {
		this.maxInFlight = maxInFlight;
	}

	/**
	 * POSTs every body to the URL, each with its own webhook-id, keeping up to the
	 * in-flight cap busy, and reports requests per second and the request latency.
	 */
	public Result run(List<byte[]> bodies, String url) {
		return run(bodies, List.of(url));
	}

	/**
	 * As {@link #run(List, String)}, taking the URLs in turn: endpoints on several hosts,
	 * as the worker meets them (its connection pools are per host). An untimed warm-up of
	 * one request per in-flight slot (at most as many as there are bodies) runs first, so
	 * that the timed run finds its connections open and the client compiled, as the
	 * worker does after its first seconds; only the timed run is reported.
	 */
	public Result run(List<byte[]> bodies, List<String> urls) {
		// loopback endpoints, as every benchmark receiver is local
		try (WebhookClient client = WebhookClient.create(SenderSettings.defaults(), AddressGuard.localMode())) {
			send(client, bodies.subList(0, Math.min(bodies.size(), this.maxInFlight)), urls, "msg_r3_warm_");
			return send(client, bodies, urls, "msg_r3_");
		}
	}

	private Result send(WebhookClient client, List<byte[]> bodies, List<String> urls, String idPrefix) {
		Histogram latencyMicros = new Histogram(3_600_000_000L, 3);
		AtomicLong failed = new AtomicLong();
		long start = System.nanoTime();
		Flux.range(0, bodies.size()).flatMap((i) -> {
			long sent = System.nanoTime();
			WebhookRequest request = new WebhookRequest(urls.get(i % urls.size()), idPrefix + i, bodies.get(i), SECRETS,
					Map.of());
			return client.send(request).doOnNext((result) -> {
				synchronized (latencyMicros) {
					latencyMicros.recordValue((System.nanoTime() - sent) / 1000);
				}
				if (!succeeded(result)) {
					failed.incrementAndGet();
				}
			}).onErrorResume((ex) -> {
				failed.incrementAndGet();
				return Mono.empty();
			});
		}, this.maxInFlight).blockLast();
		long elapsed = System.nanoTime() - start;
		return new Result(bodies.size(), failed.get(), bodies.size() * 1e9 / elapsed, latencyMicros);
	}

	private static boolean succeeded(SendResult result) {
		Integer status = result.status();
		return status != null && status / 100 == 2;
	}

	/**
	 * What R3 measured.
	 *
	 * @param requests requests sent
	 * @param failed of them, the ones not answered 2xx
	 * @param perSecond requests per second, first send to last answer
	 * @param latencyMicros request latency
	 */
	public record Result(int requests, long failed, double perSecond, Histogram latencyMicros) {
	}

}
