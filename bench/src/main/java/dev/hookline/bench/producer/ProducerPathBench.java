package dev.hookline.bench.producer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import dev.hookline.bench.receiver.ReceiverProcess;
import dev.hookline.launcher.ApiKey;
import dev.hookline.launcher.HooklineStack;
import dev.hookline.launcher.LocalKafka;
import org.HdrHistogram.Recorder;

/**
 * {@code ./hookline bench producer}: the producer's path, measured. The embedded mode (a
 * KRaft broker and the three services in this JVM, as {@code ./hookline up} runs them)
 * takes events over the HTTP API from a closed-loop client, one event per request and
 * then in batches, and delivers each to 5 subscriptions on the bench receiver (its own
 * JVM, answering at once). In the same run, the same client POSTs straight to the same
 * receiver: the raw rate the machine allows one HTTP hop, which the goal of issue 21
 * compares with (deliveries/s through the API, one event per request, at least 0.3 × the
 * raw POSTs/s).
 *
 * <p>
 * Arguments: {@code [--seconds N]} per phase (default 20), {@code [--concurrency N]}
 * requests in flight (default 32), {@code [--batch N]} events per request of the batch
 * phase (default 100), {@code [--subscriptions N]} (default 5; 0 measures ingest and the
 * broker without any delivery). A phase also ends at {@value #MAX_EVENTS} events, so that
 * the deliveries of batches, which ingest takes far faster than one worker sends them,
 * drain in minutes. Every figure is of this machine, with everything on it.
 */
public final class ProducerPathBench {

	private static final int SUBSCRIPTIONS = 5;

	private static final String TENANT = "bench";

	private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);

	static final int MAX_EVENTS = 50_000;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final HooklineStack stack;

	private final ReceiverProcess receiver;

	private final ApiKey producer;

	private final int subscriptions;

	private ProducerPathBench(HooklineStack stack, ReceiverProcess receiver, ApiKey producer, int subscriptions) {
		this.subscriptions = subscriptions;
		this.stack = stack;
		this.receiver = receiver;
		this.producer = producer;
	}

	public static void main(String[] args) throws Exception {
		int seconds = 20;
		int concurrency = 32;
		int batch = 100;
		int subscriptions = SUBSCRIPTIONS;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--seconds" -> seconds = Integer.parseInt(args[++i]);
				case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
				case "--batch" -> batch = Integer.parseInt(args[++i]);
				case "--subscriptions" -> subscriptions = Integer.parseInt(args[++i]);
				default -> throw new IllegalArgumentException("unknown argument " + args[i]
						+ "; usage: producer [--seconds N] [--concurrency N] [--batch N] [--subscriptions N]");
			}
		}
		Path dir = Files.createTempDirectory("hookline-producer-bench");
		ApiKey producer = ApiKey.producer(TENANT, ApiKey.generate("hk_prod_"));
		ApiKey admin = ApiKey.admin(TENANT, ApiKey.generate("hk_admin_"));
		System.out.printf("producer path: %d s per phase, %d requests in flight, batches of %d, %d subscriptions%n",
				seconds, concurrency, batch, subscriptions);
		try (LocalKafka kafka = LocalKafka.onFreePorts(dir.resolve("kafka")).start();
				ReceiverProcess receiver = ReceiverProcess.start();
				HooklineStack stack = HooklineStack.start(new HooklineStack.Settings(kafka.bootstrapServers(),
						dir.resolve("keyset.json"), 0, dir.resolve("router"), true, List.of(producer, admin), true,
						Map.of("logging.level.root", "WARN")))) {
			ProducerPathBench bench = new ProducerPathBench(stack, receiver, producer, subscriptions);
			bench.subscribe(admin);
			Duration phase = Duration.ofSeconds(seconds);
			// class loading, JIT and the first transactions: not measured
			bench.throughTheApi("warm-up", Duration.ofSeconds(Math.min(seconds, 10)), concurrency, 1);
			List<String> rows = new ArrayList<>();
			Phase raw = bench.raw(phase, concurrency);
			Phase single = bench.throughTheApi("1 event/request", phase, concurrency, 1);
			Phase batched = bench.throughTheApi(batch + " events/request", phase, concurrency, batch);
			rows.add(raw.row());
			rows.add(single.row());
			rows.add(batched.row());
			System.out.println();
			System.out.printf("%-22s %11s %10s %14s %9s %9s %8s %8s%n", "phase", "requests/s", "events/s",
					"deliveries/s", "p50 ms", "p99 ms", "errors", "drain s");
			rows.forEach(System.out::println);
			double ratio = single.deliveriesPerSecond() / raw.requestsPerSecond();
			System.out.println();
			if (subscriptions != SUBSCRIPTIONS) {
				System.out.println("GOAL  not judged: it is defined with " + SUBSCRIPTIONS + " subscriptions");
				return;
			}
			System.out.printf(
					"GOAL  deliveries/s through the API, 1 event/request, >= 0.3 x raw POSTs/s: %s (%.0f / %.0f"
							+ " = %.2f)%n",
					(ratio >= 0.3) ? "MET" : "NOT MET", single.deliveriesPerSecond(), raw.requestsPerSecond(), ratio);
		}
	}

	private void subscribe(ApiKey admin) throws Exception {
		for (int i = 0; i < this.subscriptions; i++) {
			String body = "{\"url\":\"" + this.receiver.url("/producer/s" + i) + "\",\"eventTypes\":[\"*\"]}";
			HttpResponse<String> created = this.http.send(post(this.stack.apiUrl() + "/v1/subscriptions", admin, body),
					HttpResponse.BodyHandlers.ofString());
			if (created.statusCode() != 201) {
				throw new IllegalStateException("cannot subscribe: " + created.body());
			}
		}
	}

	/** The same client, the same receiver, no Hookline: one POST, one answer. */
	private Phase raw(Duration length, int concurrency) throws Exception {
		String url = this.receiver.url("/raw");
		Load load = load(length, Integer.MAX_VALUE, concurrency,
				(n) -> HttpRequest.newBuilder(URI.create(url))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(event(n)))
					.build(),
				200);
		Phase phase = new Phase("raw POST to receiver", load, load.requests(), 0, 0);
		System.out.println(phase.row());
		return phase;
	}

	/**
	 * Publishes for {@code length}, then waits until every accepted event reached every
	 * subscription; deliveries/s are over the time from the first request to the last
	 * delivery.
	 */
	private Phase throughTheApi(String name, Duration length, int concurrency, int batch) throws Exception {
		this.receiver.reset();
		long start = System.nanoTime();
		String url = this.stack.apiUrl() + "/v1/events";
		Load load = load(length, MAX_EVENTS / batch, concurrency,
				(n) -> post(url, this.producer, (batch == 1) ? event(n) : batchOf(n * batch, batch)), 202);
		long expected = load.requests() * batch * this.subscriptions;
		long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
		long delivered;
		while ((delivered = this.receiver.stats().path("delivered").asLong()) < expected) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(name + ": " + delivered + " of " + expected + " deliveries within "
						+ DRAIN_TIMEOUT.toMinutes() + " minutes");
			}
			Thread.sleep(100);
		}
		double total = (System.nanoTime() - start) / 1e9;
		Phase phase = new Phase(name, load, load.requests() * batch, expected / total,
				Math.max(0, total - load.seconds()));
		System.out.println(phase.row());
		return phase;
	}

	/**
	 * Keeps {@code concurrency} requests in flight for {@code length}, or until
	 * {@code maxRequests} were sent; counts the answers with the expected status and
	 * times every request.
	 */
	private Load load(Duration length, int maxRequests, int concurrency, IntFunction<HttpRequest> requests,
			int expectedStatus) throws Exception {
		Semaphore inFlight = new Semaphore(concurrency);
		AtomicLong ok = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		Recorder latencies = new Recorder(3);
		List<CompletableFuture<?>> pending = new ArrayList<>();
		long start = System.nanoTime();
		long end = start + length.toNanos();
		int n = 0;
		while (System.nanoTime() < end && n < maxRequests) {
			inFlight.acquire();
			long sent = System.nanoTime();
			CompletableFuture<?> answer = this.http
				.sendAsync(requests.apply(n++), HttpResponse.BodyHandlers.discarding())
				.whenComplete((response, failure) -> {
					latencies.recordValue((System.nanoTime() - sent) / 1000);
					if (failure == null && response.statusCode() == expectedStatus) {
						ok.incrementAndGet();
					}
					else {
						errors.incrementAndGet();
					}
					inFlight.release();
				});
			pending.add(answer);
			if (pending.size() > 10_000) {
				pending.removeIf(CompletableFuture::isDone);
			}
		}
		CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).exceptionally((ex) -> null).join();
		double seconds = (System.nanoTime() - start) / 1e9;
		org.HdrHistogram.Histogram histogram = latencies.getIntervalHistogram();
		return new Load(ok.get(), errors.get(), seconds, histogram.getValueAtPercentile(50) / 1000.0,
				histogram.getValueAtPercentile(99) / 1000.0);
	}

	private static HttpRequest post(String url, ApiKey key, String body) {
		return HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", "Bearer " + key.key())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	/** An event of about 300 bytes, as a producer's order event might be. */
	private static String event(int n) {
		return "{\"type\":\"order.created\",\"data\":{\"orderId\":" + n
				+ ",\"customer\":\"cus_0123456789\",\"currency\":\"EUR\",\"amount\":1250,\"items\":[{\"sku\":\"sku-1\","
				+ "\"quantity\":2},{\"sku\":\"sku-2\",\"quantity\":1}],\"note\":\"" + "x".repeat(120) + "\"}}";
	}

	private static String batchOf(int first, int size) {
		StringBuilder batch = new StringBuilder("[");
		for (int i = 0; i < size; i++) {
			batch.append((i > 0) ? "," : "").append(event(first + i));
		}
		return batch.append(']').toString();
	}

	/** What a closed loop of requests measured. */
	private record Load(long requests, long errors, double seconds, double p50Millis, double p99Millis) {

	}

	/** One phase's row. */
	private record Phase(String name, Load load, long events, double deliveriesPerSecond, double drainSeconds) {

		double requestsPerSecond() {
			return this.load.requests() / this.load.seconds();
		}

		String row() {
			return String.format("%-22s %11.0f %10.0f %14.0f %9.1f %9.1f %8d %8.1f", this.name, requestsPerSecond(),
					this.events / this.load.seconds(), this.deliveriesPerSecond, this.load.p50Millis(),
					this.load.p99Millis(), this.load.errors(), this.drainSeconds);
		}

	}

}
