package dev.hookline.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.hookline.launcher.Api.PublishedEvent;
import dev.hookline.schemas.Topics;
import dev.hookline.testsupport.Behaviour;
import dev.hookline.testsupport.VerifyingReceiver;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health and metrics of the three services, read over HTTP from their management ports
 * while events flow through a real broker to a receiver that verifies every signature:
 * the metrics the README's table names move, liveness and readiness are {@code UP}, and
 * readiness goes {@code DOWN} while Kafka is stopped and {@code UP} again once it is
 * back, liveness staying {@code UP} throughout.
 */
class ObservabilityEndToEndTest {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final List<String> SERVICES = List.of("ingest", "router", "worker");

	private final List<AutoCloseable> closeables = new ArrayList<>();

	@TempDir
	Path dir;

	@AfterEach
	void stop() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
	}

	@Test
	void healthAndMetricsFollowTheEventsAndKafka() throws Exception {
		int port = LocalKafka.freePort();
		int controllerPort = LocalKafka.freePort();
		LocalKafka kafka = new LocalKafka(this.dir.resolve("kafka"), port, controllerPort).start();
		ApiKey producer = ApiKey.producer("acme", ApiKey.generate("p_"));
		ApiKey admin = ApiKey.admin("acme", ApiKey.generate("a_"));
		HooklineStack stack = HooklineStack.start(new HooklineStack.Settings(kafka.bootstrapServers(),
				this.dir.resolve("keyset.json"), 0, this.dir.resolve("router"), true, List.of(producer, admin), true,
				Map.of("hookline.kafka.partitions", "2", "hookline.worker.retry.delays", "1s,1s,1s,1s,1s",
						"hookline.worker.metrics.top-subscriptions", "3", "hookline.worker.metrics.top-window", "5s")));
		AtomicReference<LocalKafka> running = new AtomicReference<>(kafka);
		// the stack stops first, while Kafka is up
		this.closeables.add(() -> running.get().close());
		this.closeables.add(stack);
		Map<String, String> management = stack.managementUrls();
		assertThat(management).containsOnlyKeys(SERVICES);
		for (String service : SERVICES) {
			assertThat(get(management.get(service) + "/actuator/health/liveness").statusCode()).as(service)
				.isEqualTo(200);
			assertThat(get(management.get(service) + "/actuator/health/readiness").statusCode()).as(service)
				.isEqualTo(200);
		}

		VerifyingReceiver receiver = VerifyingReceiver.start();
		this.closeables.add(receiver);
		Api api = new Api(stack.apiUrl());
		JsonNode subscription = api.subscribe(admin, receiver.url("/hooks"), "order.*");
		// three 500s first: retries and failed attempts show in the metrics too
		receiver.secrets("/hooks", subscription.get("secret").asString())
			.behave("/hooks", Behaviour.ok().failingFirst(3, 500));
		api.publish(events(producer, "first-", 20), 4);
		// and a record no release can read, which the router quarantines
		try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new ByteArraySerializer(),
				new ByteArraySerializer())) {
			raw.send(new ProducerRecord<>(Topics.withDefaultPrefix().events().name(), "acme".getBytes(),
					"not an event".getBytes()))
				.get();
		}
		// the opted-in top list names the subscription, for a window after its attempts
		await().atMost(Duration.ofMinutes(1))
			.untilAsserted(() -> assertThat(scrape(management.get("worker")).text())
				.containsPattern("hookline_worker_top_subscription_attempts\\{subscription=\""
						+ subscription.get("id").asString() + "\",tenant=\"acme\"} [1-9]"));
		await().atMost(Duration.ofMinutes(2)).until(() -> receiver.count() >= 23);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			Scrape ingest = scrape(management.get("ingest"));
			assertThat(ingest.sum("hookline_ingest_events_total")).isEqualTo(20);
			assertThat(ingest.sum("hookline_ingest_publish_seconds_count", "result", "ok")).isEqualTo(20);
			assertThat(ingest.sum("http_server_requests_seconds_count", "status", "202")).isEqualTo(20);
			assertThat(ingest.has("hookline_ingest_publish_seconds_bucket")).isTrue();

			Scrape router = scrape(management.get("router"));
			assertThat(router.sum("hookline_router_events_total", "result", "routed")).isEqualTo(20);
			assertThat(router.sum("hookline_router_deliveries_total")).isEqualTo(20);
			assertThat(router.has("kafka_consumer_fetch_manager_records_lag_max")).isTrue();
			assertThat(router.text())
				.contains("hookline_consumer_lag{group=\"hookline-router\",topic=\"hookline.events\"} 0.0");
			assertThat(router.sum("hookline_quarantined_total", "reason", "undecodable")).isEqualTo(1);

			Scrape worker = scrape(management.get("worker"));
			assertThat(worker.sum("hookline_worker_deliveries_total", "outcome", "delivered")).isEqualTo(20);
			assertThat(worker.sum("hookline_worker_deliveries_total", "outcome", "retried")).isEqualTo(3);
			assertThat(worker.sum("hookline_worker_attempt_duration_seconds_count", "result", "2xx")).isEqualTo(20);
			assertThat(worker.sum("hookline_worker_attempt_duration_seconds_count", "result", "5xx")).isEqualTo(3);
			assertThat(worker.sum("hookline_worker_delivery_latency_seconds_count")).isEqualTo(20);
			assertThat(worker.has("hookline_worker_delivery_latency_seconds_bucket")).isTrue();
			assertThat(worker.has("hookline_worker_inflight")).isTrue();
			assertThat(worker.has("hookline_worker_endpoint_open_circuits")).isTrue();
			assertThat(worker.has("hookline_worker_throttled")).isTrue();
			assertThat(worker.text())
				.contains("hookline_consumer_lag{group=\"hookline-worker\",topic=\"hookline.deliveries\"} 0.0");
		});
		Scrape afterFirst = scrape(management.get("worker"));
		String exposed = scrape(management.get("ingest")).text() + scrape(management.get("router")).text()
				+ afterFirst.text();
		for (String metric : MonitoringFiles.queriedMetrics()) {
			assertThat(exposed).as("a metric the alert rules or the dashboard query")
				.containsPattern("(?m)^" + metric + "(_bucket|_count|_sum)?[{ ]");
		}

		kafka.close();
		await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
			for (String service : SERVICES) {
				HttpResponse<String> readiness = get(management.get(service) + "/actuator/health/readiness");
				assertThat(readiness.statusCode()).as(service + ": " + readiness.body()).isEqualTo(503);
				assertThat(readiness.body()).as(service).contains("\"kafka\":{\"status\":\"DOWN\"");
			}
		});
		for (String service : SERVICES) {
			assertThat(get(management.get(service) + "/actuator/health/liveness").statusCode())
				.as(service + " stays alive while Kafka is away")
				.isEqualTo(200);
		}

		running.set(new LocalKafka(this.dir.resolve("kafka"), port, controllerPort).start());
		await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
			for (String service : SERVICES) {
				HttpResponse<String> readiness = get(management.get(service) + "/actuator/health/readiness");
				assertThat(readiness.statusCode()).as(service + ": " + readiness.body()).isEqualTo(200);
			}
		});
		api.publish(events(producer, "second-", 5), 4);
		await().atMost(Duration.ofMinutes(2)).until(() -> receiver.count() >= 28);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(
					scrape(management.get("worker")).sum("hookline_worker_deliveries_total", "outcome", "delivered"))
				.isEqualTo(afterFirst.sum("hookline_worker_deliveries_total", "outcome", "delivered") + 5));
	}

	private static List<PublishedEvent> events(ApiKey producer, String prefix, int count) {
		List<PublishedEvent> events = new ArrayList<>();
		for (int n = 0; n < count; n++) {
			events.add(new PublishedEvent(producer, prefix + n, "order.created", n));
		}
		return events;
	}

	private static HttpResponse<String> get(String url) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static Scrape scrape(String managementUrl) throws Exception {
		HttpResponse<String> response = get(managementUrl + "/actuator/prometheus");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return new Scrape(response.body());
	}

	/** One Prometheus text exposition, read line by line. */
	private record Scrape(String text) {

		private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");

		/** The sum of a metric's samples, over those with the label, when given. */
		double sum(String name, String... label) {
			double sum = 0;
			for (String line : this.text.split("\n")) {
				Matcher sample = SAMPLE.matcher(line);
				if (sample.matches() && sample.group(1).equals(name) && (label.length == 0
						|| (sample.group(3) != null && sample.group(3).contains(label[0] + "=\"" + label[1] + "\"")))) {
					sum += Double.parseDouble(sample.group(4));
				}
			}
			return sum;
		}

		boolean has(String name) {
			return this.text.lines().anyMatch((line) -> line.startsWith(name + "{") || line.startsWith(name + " "));
		}

	}

}
