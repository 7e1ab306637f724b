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
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

import dev.hookline.bench.receiver.ReceiverProcess;
import dev.hookline.launcher.ApiKey;
import dev.hookline.launcher.HooklineStack;
import dev.hookline.launcher.LocalKafka;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./hookline bench producer}: the producer's path, measured. The embedded mode (a
 * KRaft broker and the three services in this JVM, as {@code ./hookline up} runs them)
 * takes events over the HTTP API from a closed-loop client, one event per request and
 * then in batches, and delivers each to 5 subscriptions on the bench receiver (its own
 * JVM, answering at once). In the same run, the same client POSTs straight to the same
 * receiver: the raw rate the machine allows one HTTP hop, which the goal of issue 21
 * compares with (deliveries/s through the API, one event per request, at least 0.3 × the
 * raw POSTs/s). Last, it publishes one event per request at a fixed rate (half what the
 * closed loop reached) without and then with {@value #REDELIVERS} redeliver calls in
 * flight, and compares the publish p99 of the two (the goal: at most 1.2 × without).
 *
 * <p>
 * Arguments: {@code [--seconds N]} per phase (default 20), {@code [--concurrency N]}
 * requests in flight (default 32), {@code [--batch N]} events per request of the batch
 * phase (default 100), {@code [--subscriptions N]} (default 5; 0 measures ingest and the
 * broker without any delivery), {@code [--separate]} (the router, the worker and ingest
 * each in a JVM of its own, as a deployment runs them, instead of the embedded mode). A
 * phase also ends at {@value #MAX_EVENTS} events, so that the deliveries of batches,
 * which ingest takes far faster than one worker sends them, drain in minutes. Every
 * figure is of this machine, with everything on it.
 */
public final class ProducerPathBench {

	private static final int SUBSCRIPTIONS = 5;

	private static final String TENANT = "bench";

	private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);

	/** Redeliver calls in flight during the redeliver phase, as issue 21's goal says. */
	private static final int REDELIVERS = 20;

	/** Requests in flight at most while publishing at a fixed rate. */
	private static final int PACED_IN_FLIGHT = 256;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final int MAX_EVENTS = 50_000;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String api;

	private final ReceiverProcess receiver;

	private final ApiKey producer;

	private final int subscriptions;

	private ProducerPathBench(String api, ReceiverProcess receiver, ApiKey producer, int subscriptions) {
		this.subscriptions = subscriptions;
		this.api = api;
		this.receiver = receiver;
		this.producer = producer;
	}

	public static void main(String[] args) throws Exception {
		int seconds = 20;
		int concurrency = 32;
		int batch = 100;
		int subscriptions = SUBSCRIPTIONS;
		boolean separate = false;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--seconds" -> seconds = Integer.parseInt(args[++i]);
				case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
				case "--batch" -> batch = Integer.parseInt(args[++i]);
				case "--subscriptions" -> subscriptions = Integer.parseInt(args[++i]);
				case "--separate" -> separate = true;
				default -> throw new IllegalArgumentException("unknown argument " + args[i]
						+ "; usage: producer [--seconds N] [--concurrency N] [--batch N] [--subscriptions N] [--separate]");
			}
		}
		Path dir = Files.createTempDirectory("hookline-producer-bench");
		ApiKey producer = ApiKey.producer(TENANT, ApiKey.generate("hk_prod_"));
		ApiKey admin = ApiKey.admin(TENANT, ApiKey.generate("hk_admin_"));
		System.out.printf("producer path: %s, %d s per phase, %d requests in flight, batches of %d, %d subscriptions%n",
				separate ? "each service in a JVM of its own" : "the embedded mode", seconds, concurrency, batch,
				subscriptions);
		try (LocalKafka kafka = LocalKafka.onFreePorts(dir.resolve("kafka")).start();
				ReceiverProcess receiver = ReceiverProcess.start()) {
			HooklineStack.Settings settings = new HooklineStack.Settings(kafka.bootstrapServers(),
					dir.resolve("keyset.json"), 0, dir.resolve("router"), true, List.of(producer, admin), true,
					Map.of("logging.level.root", "WARN"));
			if (separate) {
				try (SeparateServices services = SeparateServices.start(settings)) {
					new ProducerPathBench(services.apiUrl(), receiver, producer, subscriptions).measure(admin, seconds,
							concurrency, batch);
				}
			}
			else {
				try (HooklineStack stack = HooklineStack.start(settings)) {
					new ProducerPathBench(stack.apiUrl(), receiver, producer, subscriptions).measure(admin, seconds,
							concurrency, batch);
				}
			}
		}
	}

	/** Runs the phases and prints their table and the goals. */
	private void measure(ApiKey admin, int seconds, int concurrency, int batch) throws Exception {
		List<String> subscribed = subscribe(admin);
		Duration phase = Duration.ofSeconds(seconds);
		// class loading, JIT and the first transactions: not measured
		throughTheApi("warm-up", Duration.ofSeconds(Math.min(seconds, 10)), concurrency, 1);
		List<String> rows = new ArrayList<>();
		Phase raw = raw(phase, concurrency);
		Phase single = throughTheApi("1 event/request", phase, concurrency, 1);
		Phase batched = throughTheApi(batch + " events/request", phase, concurrency, batch);
		rows.add(raw.row());
		rows.add(single.row());
		rows.add(batched.row());
		Redelivering redelivering = null;
		if (!subscribed.isEmpty()) {
			// half the closed loop's rate, so that what redeliver adds shows in the
			// publish latency rather than in a queue that was already full
			double rate = Math.max(10, single.requestsPerSecond() / 2);
			redelivering = redelivering(admin, subscribed, phase, rate);
			rows.add(redelivering.without().row());
			rows.add(redelivering.with().row());
		}
		System.out.println();
		System.out.printf("%-22s %11s %10s %14s %9s %9s %8s %8s%n", "phase", "requests/s", "events/s", "deliveries/s",
				"p50 ms", "p99 ms", "errors", "drain s");
		rows.forEach(System.out::println);
		if (redelivering != null) {
			System.out.printf("redeliver calls alongside: %.0f/s accepted, p50 %.1f ms, p99 %.1f ms, %d errors%n",
					redelivering.redelivers().requests() / redelivering.redelivers().seconds(),
					redelivering.redelivers().p50Millis(), redelivering.redelivers().p99Millis(),
					redelivering.redelivers().errors());
		}
		double ratio = single.deliveriesPerSecond() / raw.requestsPerSecond();
		System.out.println();
		if (this.subscriptions != SUBSCRIPTIONS || redelivering == null) {
			System.out.println("GOAL  not judged: the goals are defined with " + SUBSCRIPTIONS + " subscriptions");
			return;
		}
		System.out.printf(
				"GOAL  deliveries/s through the API, 1 event/request, >= 0.3 x raw POSTs/s: %s (%.0f / %.0f"
						+ " = %.2f)%n",
				(ratio >= 0.3) ? "MET" : "NOT MET", single.deliveriesPerSecond(), raw.requestsPerSecond(), ratio);
		double slower = redelivering.with().load().p99Millis() / redelivering.without().load().p99Millis();
		System.out.printf(
				"GOAL  publish p99 with %d concurrent redeliver calls <= 1.2 x without: %s (%.1f ms / %.1f ms"
						+ " = %.2f)%n",
				REDELIVERS, (slower <= 1.2) ? "MET" : "NOT MET", redelivering.with().load().p99Millis(),
				redelivering.without().load().p99Millis(), slower);
	}

	private List<String> subscribe(ApiKey admin) throws Exception {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < this.subscriptions; i++) {
			String body = "{\"url\":\"" + this.receiver.url("/producer/s" + i) + "\",\"eventTypes\":[\"*\"]}";
			HttpResponse<String> created = this.http.send(post(this.api + "/v1/subscriptions", admin, body),
					HttpResponse.BodyHandlers.ofString());
			if (created.statusCode() != 201) {
				throw new IllegalStateException("cannot subscribe: " + created.body());
			}
			ids.add(JSON.readTree(created.body()).path("id").asString());
		}
		return ids;
	}

	/**
	 * Publishing at a fixed rate, one event per request, for {@code length} without and
	 * then with {@value #REDELIVERS} redeliver calls in flight all along, on deliveries
	 * the history holds; each phase waits until its deliveries, and the redeliveries,
	 * arrived.
	 */
	private Redelivering redelivering(ApiKey admin, List<String> subscribed, Duration length, double rate)
			throws Exception {
		List<String> deliveries = new ArrayList<>();
		for (String subscription : subscribed) {
			HttpResponse<String> page = this.http.send(HttpRequest
				.newBuilder(URI.create(this.api + "/v1/subscriptions/" + subscription + "/events?limit=500"))
				.header("Authorization", "Bearer " + admin.key())
				.build(), HttpResponse.BodyHandlers.ofString());
			if (page.statusCode() != 200) {
				throw new IllegalStateException("cannot read the history: " + page.body());
			}
			JSON.readTree(page.body())
				.path("data")
				.forEach(entry -> deliveries.add(entry.path("deliveryId").asString()));
		}
		if (deliveries.isEmpty()) {
			throw new IllegalStateException("the history holds no delivery to redeliver");
		}
		Phase without = paced("paced, no redeliver", length, rate, null);
		AtomicReference<Load> redelivers = new AtomicReference<>();
		Phase with = paced("paced, " + REDELIVERS + " redelivers", length, rate, () -> {
			redelivers.set(load(length, Integer.MAX_VALUE, REDELIVERS, 0,
					(n) -> post(this.api + "/v1/deliveries/"
							+ deliveries.get(Math.floorMod(n * 7919, deliveries.size())) + "/redeliver", admin, ""),
					202));
			return redelivers.get().requests();
		});
		return new Redelivering(without, with, redelivers.get());
	}

	/**
	 * One event per request at {@code rate} for {@code length}, with {@code alongside}
	 * running meanwhile, then a wait for every delivery, and for the deliveries that
	 * {@code alongside} says it added.
	 */
	private Phase paced(String name, Duration length, double rate, @Nullable Callable<Long> alongside)
			throws Exception {
		this.receiver.reset();
		long start = System.nanoTime();
		CompletableFuture<Long> added = (alongside == null) ? CompletableFuture.completedFuture(0L)
				: CompletableFuture.supplyAsync(() -> {
					try {
						return alongside.call();
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				});
		Load load = load(length, MAX_EVENTS, PACED_IN_FLIGHT, rate,
				(n) -> post(this.api + "/v1/events", this.producer, event(n)), 202);
		return drained(name, start, load, 1, added.join());
	}

	/** The same client, the same receiver, no Hookline: one POST, one answer. */
	private Phase raw(Duration length, int concurrency) throws Exception {
		String url = this.receiver.url("/raw");
		Load load = load(length, Integer.MAX_VALUE, concurrency, 0,
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
		String url = this.api + "/v1/events";
		Load load = load(length, MAX_EVENTS / batch, concurrency, 0,
				(n) -> post(url, this.producer, (batch == 1) ? event(n) : batchOf(n * batch, batch)), 202);
		return drained(name, start, load, batch, 0);
	}

	/**
	 * Waits until every event of the load reached every subscription, and {@code more}
	 * deliveries besides; deliveries/s are over the time from {@code start} to the last
	 * delivery.
	 */
	private Phase drained(String name, long start, Load load, int batch, long more) throws Exception {
		long expected = load.requests() * batch * this.subscriptions + more;
		long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
		long delivered;
		while ((delivered = answered()) < expected) {
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
	 * The requests the receiver answered 2xx since its reset: its deliveries, and the
	 * same webhook-ids again (a redelivery is one).
	 */
	private long answered() {
		JsonNode stats = this.receiver.stats();
		return stats.path("delivered").asLong() + stats.path("duplicates").asLong();
	}

	/**
	 * Keeps {@code concurrency} requests in flight for {@code length}, or until
	 * {@code maxRequests} were sent; counts the answers with the expected status and
	 * times every request. With a {@code rate} (requests/s; 0 for none), each request is
	 * sent on its schedule and timed from it, so that a request held back by a full
	 * window counts its wait.
	 */
	private Load load(Duration length, int maxRequests, int concurrency, double rate, IntFunction<HttpRequest> requests,
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
			long due = (rate > 0) ? start + (long) (n * 1e9 / rate) : 0;
			if (rate > 0) {
				LockSupport.parkNanos(due - System.nanoTime());
			}
			inFlight.acquire();
			long sent = (rate > 0) ? due : System.nanoTime();
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

	/**
	 * The publish latency at a fixed rate without and with redeliver calls, and what
	 * those calls measured.
	 */
	private record Redelivering(Phase without, Phase with, Load redelivers) {

	}

	/** What a loop of requests measured. */
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
