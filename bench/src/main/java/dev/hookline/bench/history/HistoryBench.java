package dev.hookline.bench.history;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.hookline.ingest.IngestApplication;
import dev.hookline.launcher.ApiKey;
import dev.hookline.launcher.HooklineStack;
import dev.hookline.launcher.LocalKafka;
import dev.hookline.schemas.Attempt;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.DeliveryIds;
import dev.hookline.schemas.Outcome;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.Topic;
import dev.hookline.schemas.Topics;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./hookline bench history}: the delivery history at scale (issue 21). A KRaft
 * broker and the ingest service in this JVM; the history filled with {@code --attempts}
 * attempts written straight to the topics as the worker writes them (each delivery: its
 * record on {@code deliveries}, a 503, then a 200), over {@code --subscriptions}
 * subscriptions and the last six days; then, while a writer adds {@code --rate} attempts
 * a second (S1's rate by default), a client asks {@code --queries} times each for a
 * subscription's event history page, its attempts page, and a delivery by id.
 *
 * <p>
 * Prints how fast the history read the fill, its lag during the load (the goal: bounded),
 * and each query's latency (the goal: p99 at most 50 ms). Every figure is of this
 * machine, with the broker, the service and the writer on it.
 */
public final class HistoryBench {

	private static final String TENANT = "bench";

	private static final String GROUP = "hookline-ingest-history";

	private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(60);

	private static final int SAMPLES = 20_000;

	private final Topics topics = Topics.withDefaultPrefix();

	private final String bootstrapServers;

	private final KafkaProducer<String, byte[]> producer;

	private final List<String> subscriptions = new ArrayList<>();

	/** Delivery ids to look up: a sample of what was written. */
	private final List<String> sampled = new ArrayList<>();

	private HistoryBench(String bootstrapServers) {
		this.bootstrapServers = bootstrapServers;
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
		config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
		config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
		config.put(ProducerConfig.ACKS_CONFIG, "1");
		this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
	}

	public static void main(String[] args) throws Exception {
		long attempts = 1_000_000;
		int subscriptionCount = 1000;
		int queries = 2000;
		int rate = 4500;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--attempts" -> attempts = Long.parseLong(args[++i]);
				case "--subscriptions" -> subscriptionCount = Integer.parseInt(args[++i]);
				case "--queries" -> queries = Integer.parseInt(args[++i]);
				case "--rate" -> rate = Integer.parseInt(args[++i]);
				default -> throw new IllegalArgumentException("unknown argument " + args[i]
						+ "; usage: history [--attempts N] [--subscriptions N] [--queries N] [--rate N]");
			}
		}
		Path dir = Files.createTempDirectory("hookline-history-bench");
		ApiKey admin = ApiKey.admin(TENANT, ApiKey.generate("hk_admin_"));
		System.out.printf("delivery history: %,d attempts over %,d subscriptions; then %,d queries of each kind "
				+ "while %,d attempts/s are written%n", attempts, subscriptionCount, queries, rate);
		try (LocalKafka kafka = LocalKafka.onFreePorts(dir.resolve("kafka")).start()) {
			Map<String, Object> props = HooklineStack
				.ingestProperties(new HooklineStack.Settings(kafka.bootstrapServers(), dir.resolve("keyset.json"), 0,
						dir.resolve("router"), true, List.of(admin), false, Map.of("logging.level.root", "WARN")));
			ConfigurableApplicationContext ingest = IngestApplication.application()
				.registerShutdownHook(false)
				.run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
			try {
				String api = "http://127.0.0.1:" + ((WebServerApplicationContext) ingest).getWebServer().getPort();
				HistoryBench bench = new HistoryBench(kafka.bootstrapServers());
				try {
					bench.run(api, admin, attempts, subscriptionCount, queries, rate);
				}
				finally {
					bench.producer.close();
				}
			}
			finally {
				ingest.close();
			}
		}
	}

	private void run(String api, ApiKey admin, long attempts, int subscriptionCount, int queries, int rate)
			throws Exception {
		Instant now = Instant.now();
		for (int i = 0; i < subscriptionCount; i++) {
			this.subscriptions.add(subscription(now.minus(Duration.ofDays(7))));
		}
		long start = System.nanoTime();
		long deliveries = attempts / 2;
		long span = Duration.ofDays(6).toMillis();
		long from = now.minus(Duration.ofDays(6)).minus(Duration.ofHours(1)).toEpochMilli();
		for (long d = 0; d < deliveries; d++) {
			write(d, Instant.ofEpochMilli(from + span * d / deliveries), true);
			if ((d + 1) % 500_000 == 0) {
				System.out.printf("  written %,d attempts (%,.0f records/s)%n", (d + 1) * 2,
						(d + 1) * 3 / ((System.nanoTime() - start) / 1e9));
			}
		}
		this.producer.flush();
		double written = (System.nanoTime() - start) / 1e9;
		System.out.printf("fill: %,d records (%,d deliveries, %,d attempts) written in %.0f s%n", deliveries * 3,
				deliveries, deliveries * 2, written);
		try (Admin kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers))) {
			long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
			long lag;
			long lastReport = 0;
			while ((lag = lag(kafka)) > 0) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("the history did not catch up within " + CATCH_UP_TIMEOUT);
				}
				if (System.nanoTime() - lastReport > 30_000_000_000L) {
					System.out.printf("  history lag %,d records%n", lag);
					lastReport = System.nanoTime();
				}
				Thread.sleep(1000);
			}
			double caughtUp = (System.nanoTime() - start) / 1e9;
			System.out.printf("history: caught up %.0f s after the fill began: %,.0f records/s read into the stores%n",
					caughtUp, deliveries * 3 / caughtUp);

			Load load = new Load(rate, deliveries);
			Thread writer = new Thread(load, "history-bench-writer");
			writer.start();
			AtomicBoolean sampling = new AtomicBoolean(true);
			AtomicLong maxLag = new AtomicLong();
			Thread sampler = new Thread(() -> {
				while (sampling.get()) {
					try {
						maxLag.accumulateAndGet(lag(kafka), Math::max);
						Thread.sleep(1000);
					}
					catch (Exception ex) {
						return;
					}
				}
			}, "history-bench-lag");
			sampler.start();
			Thread.sleep(5000);
			Map<String, Histogram> latencies = query(api, admin, queries);
			load.stop();
			writer.join();
			sampling.set(false);
			sampler.join();
			System.out.println();
			System.out.printf("load: %,.0f attempts/s written during the queries%n", load.attemptsPerSecond());
			System.out.printf("%-28s %8s %8s %8s %8s%n", "query", "p50 ms", "p99 ms", "max ms", "count");
			latencies.forEach((name, histogram) -> System.out.printf("%-28s %8.1f %8.1f %8.1f %8d%n", name,
					histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
					histogram.getMaxValue() / 1000.0, histogram.getTotalCount()));
			long settle = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			long after;
			while ((after = lag(kafka)) > 0 && System.nanoTime() < settle) {
				Thread.sleep(500);
			}
			System.out.printf("history lag during the load: at most %,d records (%.1f s of the load); %,d after it%n",
					maxLag.get(), maxLag.get() / (load.attemptsPerSecond() * 1.5), after);
			System.out.println();
			double worst = latencies.values()
				.stream()
				.mapToDouble(histogram -> histogram.getValueAtPercentile(99) / 1000.0)
				.max()
				.orElseThrow();
			System.out.printf("GOAL  history page and delivery by id, p99 <= 50 ms with %,d attempts: %s "
					+ "(worst p99 %.1f ms)%n", deliveries * 2, (worst <= 50) ? "MET" : "NOT MET", worst);
			System.out.printf("GOAL  the history keeps up at %,.0f attempts/s (lag bounded, back to 0): %s%n",
					load.attemptsPerSecond(), (after == 0) ? "MET" : "NOT MET");
		}
	}

	/**
	 * Sequential queries, one kind after another in turn, each timed from send to body.
	 */
	private Map<String, Histogram> query(String api, ApiKey admin, int queries) throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		Map<String, Histogram> latencies = new LinkedHashMap<>();
		latencies.put("events page (limit 50)", new Histogram(3));
		latencies.put("attempts page (limit 50)", new Histogram(3));
		latencies.put("delivery by id", new Histogram(3));
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int i = 0; i < queries * 3; i++) {
			String subscription = this.subscriptions.get(random.nextInt(this.subscriptions.size()));
			String path = switch (i % 3) {
				case 0 -> "/v1/subscriptions/" + subscription + "/events?limit=50";
				case 1 -> "/v1/subscriptions/" + subscription + "/attempts?limit=50";
				default -> "/v1/deliveries/" + this.sampled.get(random.nextInt(this.sampled.size()));
			};
			long sent = System.nanoTime();
			HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(api + path))
				.header("Authorization", "Bearer " + admin.key())
				.GET()
				.build(), HttpResponse.BodyHandlers.ofByteArray());
			long micros = (System.nanoTime() - sent) / 1000;
			if (answer.statusCode() != 200) {
				throw new IllegalStateException(path + " answered " + answer.statusCode() + ": "
						+ new String(answer.body(), StandardCharsets.UTF_8));
			}
			latencies.get(List.copyOf(latencies.keySet()).get(i % 3)).recordValue(micros);
		}
		return latencies;
	}

	/** The history group's lag over its three topics, in records. */
	private long lag(Admin kafka) throws Exception {
		Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(GROUP)
			.partitionsToOffsetAndMetadata()
			.get();
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		for (String topic : List.of(this.topics.deliveries().name(), this.topics.attempts().name(),
				this.topics.deadLetters().name())) {
			kafka.describeTopics(List.of(topic))
				.allTopicNames()
				.get()
				.get(topic)
				.partitions()
				.forEach(
						partition -> latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
		}
		long lag = 0;
		for (Map.Entry<TopicPartition, org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo> end : kafka
			.listOffsets(latest)
			.all()
			.get()
			.entrySet()) {
			OffsetAndMetadata at = committed.get(end.getKey());
			lag += end.getValue().offset() - ((at != null) ? at.offset() : 0);
		}
		return lag;
	}

	/**
	 * One delivery: its record, a 503, then a 200 a minute later.
	 * @param sample whether it may be among the deliveries looked up (only while filling:
	 * the lookups read the sample)
	 */
	private void write(long number, Instant at, boolean sample) {
		String subscription = this.subscriptions.get((int) (number % this.subscriptions.size()));
		String eventId = "evt_" + number;
		String body = "{\"id\":\"" + eventId + "\",\"type\":\"order.created\",\"data\":{\"total\":" + number + "}}";
		Delivery delivery = Delivery.newBuilder()
			.setDeliveryId(DeliveryIds.of(eventId, subscription))
			.setTenant(TENANT)
			.setEventId(eventId)
			.setEventType("order.created")
			.setSubscriptionId(subscription)
			.setSubscriptionVersion(1)
			.setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))
			.setAttempt(1)
			.setCreatedAt(at)
			.setDueAt(at)
			.build();
		send(this.topics.deliveries(), subscription, delivery, at);
		send(this.topics.attempts(), subscription,
				attempt(delivery, 1, at.plusMillis(120), 503, 118, "hookline.deliveries.retry.1m"), at.plusMillis(120));
		send(this.topics.attempts(), subscription, attempt(delivery, 2, at.plusSeconds(61), 200, 35, "done"),
				at.plusSeconds(61));
		if (!sample) {
			return;
		}
		if (this.sampled.size() < SAMPLES) {
			this.sampled.add(delivery.getDeliveryId());
		}
		else if (ThreadLocalRandom.current().nextLong(number + 1) < SAMPLES) {
			this.sampled.set(ThreadLocalRandom.current().nextInt(SAMPLES), delivery.getDeliveryId());
		}
	}

	private static Attempt attempt(Delivery delivery, int number, Instant at, int status, long latencyMs,
			String nextAction) {
		return Attempt.newBuilder()
			.setDeliveryId(delivery.getDeliveryId())
			.setTenant(TENANT)
			.setEventId(delivery.getEventId())
			.setEventType(delivery.getEventType())
			.setSubscriptionId(delivery.getSubscriptionId())
			.setAttempt(number)
			.setUrl("https://example.com/hooks")
			.setOutcome(Outcome.newBuilder().setAt(at).setStatus(status).setError(null).setLatencyMs(latencyMs).build())
			.setResponseSnippet((status == 200) ? "ok" : "upstream unavailable")
			.setBodySha256("0".repeat(64))
			.setNextAction(nextAction)
			.setNextAttemptAt(null)
			.build();
	}

	private String subscription(Instant at) {
		String id = "sub_" + java.util.UUID.randomUUID().toString().replace("-", "");
		send(this.topics.subscriptions(), id,
				Subscription.newBuilder()
					.setId(id)
					.setTenant(TENANT)
					.setUrl("https://example.com/hooks")
					.setSecret(ByteBuffer.wrap(new byte[] { 1 }))
					.setEventTypes(List.of("*"))
					.setVersion(1)
					.setCreatedAt(at)
					.setUpdatedAt(at)
					.build(),
				at);
		return id;
	}

	private <V> void send(Topic<String, V> topic, String key, V value, Instant timestamp) {
		this.producer.send(new ProducerRecord<>(topic.name(), null, timestamp.toEpochMilli(), key,
				topic.valueSerde().serializer().serialize(topic.name(), value)));
	}

	/** Writes deliveries now, at a steady rate of attempts, until stopped. */
	private final class Load implements Runnable {

		private final int attemptsPerSecond;

		private long next;

		private volatile boolean running = true;

		private volatile long written;

		private volatile long startedAt;

		private volatile long stoppedAt;

		Load(int attemptsPerSecond, long first) {
			this.attemptsPerSecond = attemptsPerSecond;
			this.next = first;
		}

		@Override
		public void run() {
			this.startedAt = System.nanoTime();
			long interval = 2_000_000_000L / this.attemptsPerSecond;
			long due = this.startedAt;
			while (this.running) {
				long now = System.nanoTime();
				while (due <= now) {
					// the second attempt is stamped a minute on, as the worker would
					write(this.next++, Instant.now().minusSeconds(61), false);
					this.written += 2;
					due += interval;
				}
				try {
					Thread.sleep(1);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
			this.stoppedAt = System.nanoTime();
		}

		void stop() {
			this.running = false;
		}

		double attemptsPerSecond() {
			long end = (this.stoppedAt != 0) ? this.stoppedAt : System.nanoTime();
			return this.written / ((end - this.startedAt) / 1e9);
		}

	}

}
