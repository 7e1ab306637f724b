package dev.hookline.bench;

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

import dev.hookline.launcher.ApiKey;
import dev.hookline.launcher.HooklineStack;
import dev.hookline.launcher.LocalKafka;
import dev.hookline.testsupport.Behaviour;
import dev.hookline.testsupport.VerifyingReceiver;

/**
 * The throughput smoke benchmark: deliveries per second through the whole pipeline (HTTP
 * ingest, router, worker, signed POST) to a receiver that answers at once and to one that
 * takes 50 ms.
 *
 * <p>
 * Everything runs in this one JVM on this machine: the broker, the three services, the
 * receiver and the load. The figures are for comparing runs on the same machine, not
 * absolute capacity. Arguments:
 * {@code [events per run] [subscriptions] [latencies in ms, comma-separated]}.
 */
public final class SmokeBenchmark {

	private SmokeBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int events = (args.length > 0) ? Integer.parseInt(args[0]) : 5_000;
		int subscriptions = (args.length > 1) ? Integer.parseInt(args[1]) : 4;
		List<Integer> latencies = (args.length > 2)
				? java.util.Arrays.stream(args[2].split(",")).map(Integer::parseInt).toList() : List.of(0, 50);
		Path dir = Files.createTempDirectory("hookline-bench");
		List<ApiKey> keys = new ArrayList<>(List.of(ApiKey.producer("warmup", "pw"), ApiKey.admin("warmup", "aw")));
		for (int latency : latencies) {
			keys.add(ApiKey.producer("bench" + latency, "p" + latency));
			keys.add(ApiKey.admin("bench" + latency, "a" + latency));
		}
		try (LocalKafka kafka = LocalKafka.onFreePorts(dir.resolve("kafka")).start();
				VerifyingReceiver receiver = VerifyingReceiver.start();
				HooklineStack stack = HooklineStack
					.start(new HooklineStack.Settings(kafka.bootstrapServers(), dir.resolve("keyset.json"), 0,
							dir.resolve("router"), true, keys, true, Map.of("logging.level.root", "WARN")))) {
			// the first events pay for class loading, JIT compilation and the first
			// transactions: not measured
			run(stack, receiver, "warmup", "w", 0, events, subscriptions);
			List<String> rows = new ArrayList<>();
			for (int latency : latencies) {
				rows.add(run(stack, receiver, "bench" + latency, "" + latency, latency, events, subscriptions));
			}
			System.out.println();
			System.out.printf("%-18s %8s %12s %14s %16s %18s%n", "receiver latency", "events", "deliveries",
					"ingest ev/s", "pipeline del/s", "last delivery (s)");
			rows.forEach(System.out::println);
		}
	}

	private static String run(HooklineStack stack, VerifyingReceiver receiver, String tenant, String keySuffix,
			int latency, int events, int subscriptions) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		for (int i = 0; i < subscriptions; i++) {
			String path = "/" + tenant + "/s" + i;
			receiver.behave(path, Behaviour.ok().withDelay(Duration.ofMillis(latency)));
			String body = "{\"url\":\"" + receiver.url(path) + "\",\"eventTypes\":[\"*\"]}";
			HttpResponse<String> created = http.send(request(stack, "/v1/subscriptions", "a" + keySuffix, body),
					HttpResponse.BodyHandlers.ofString());
			if (created.statusCode() != 201) {
				throw new IllegalStateException("cannot subscribe: " + created.body());
			}
		}
		String prefix = "/" + tenant + "/";
		long expected = (long) events * subscriptions;
		long start = System.nanoTime();
		publish(http, stack, "p" + keySuffix, events);
		double ingestSeconds = (System.nanoTime() - start) / 1e9;
		long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
		while (receiver.received().stream().filter(r -> r.path().startsWith(prefix)).count() < expected) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("not every delivery arrived within 10 minutes");
			}
			Thread.sleep(50);
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		receiver.clear();
		System.out.printf("%s, latency %d ms: %d deliveries in %.2f s%n", tenant, latency, expected, seconds);
		return String.format("%-18s %8d %12d %14.0f %16.0f %18.2f", latency + " ms", events, expected,
				events / ingestSeconds, expected / seconds, seconds);
	}

	/** Publishes in batches of 100 events per request, 4 requests at a time. */
	private static void publish(HttpClient http, HooklineStack stack, String key, int events) throws Exception {
		Semaphore permits = new Semaphore(4);
		List<CompletableFuture<?>> pending = new ArrayList<>();
		for (int from = 0; from < events; from += 100) {
			StringBuilder batch = new StringBuilder("[");
			for (int n = from; n < Math.min(from + 100, events); n++) {
				batch.append((n > from) ? "," : "")
					.append("{\"type\":\"bench.event\",\"data\":{\"n\":")
					.append(n)
					.append(",\"pad\":\"")
					.append("x".repeat(900))
					.append("\"}}");
			}
			permits.acquire();
			pending.add(http
				.sendAsync(request(stack, "/v1/events", key, batch.append(']').toString()),
						HttpResponse.BodyHandlers.ofString())
				.whenComplete((r, e) -> permits.release())
				.thenAccept(r -> {
					if (r.statusCode() != 202) {
						throw new IllegalStateException("publish answered " + r.statusCode() + ": " + r.body());
					}
				}));
		}
		CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
	}

	private static HttpRequest request(HooklineStack stack, String path, String key, String body) {
		return HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
			.header("Authorization", "Bearer " + key)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

}
