package dev.hookline.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hookline.cli.support.ExitCode;
import dev.hookline.ingest.IngestApplication;
import dev.hookline.ingest.auth.ApiKeys;
import dev.hookline.schemas.Attempt;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.DeliveryIds;
import dev.hookline.schemas.Event;
import dev.hookline.schemas.Outcome;
import dev.hookline.schemas.Topics;
import dev.hookline.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The thin API commands against the real ingest service, with the keys that
 * {@code ./hookline up} writes to {@code .hookline/keys.properties}; and
 * {@code redeliver} against a stand-in of its endpoint.
 */
@EmbeddedKafka(partitions = 2)
class ApiCommandsTest {

	private static final String PRODUCER_KEY = "hk_prod_cli_test";

	private static final String ADMIN_KEY = "hk_admin_cli_test";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path home;

	private static String brokers;

	private static ConfigurableApplicationContext ingest;

	private static Map<String, String> env;

	@BeforeAll
	static void startIngest() throws IOException {
		brokers = EmbeddedKafkaCondition.getBroker().getBrokersAsString();
		ingest = IngestApplication.application()
			.properties("server.port=0", "management.server.port=0", "hookline.kafka.bootstrap-servers=" + brokers,
					"hookline.kafka.partitions=2", "hookline.crypto.keyset-file=" + home.resolve("keyset.json"),
					"hookline.crypto.create-if-missing=true", "hookline.local-mode=true", "spring.main.banner-mode=off",
					"logging.level.org.apache.kafka=WARN", "hookline.auth.keys[0].tenant=local",
					"hookline.auth.keys[0].role=PRODUCER",
					"hookline.auth.keys[0].sha256=" + ApiKeys.sha256Hex(PRODUCER_KEY),
					"hookline.auth.keys[1].tenant=local", "hookline.auth.keys[1].role=ADMIN",
					"hookline.auth.keys[1].sha256=" + ApiKeys.sha256Hex(ADMIN_KEY))
			.run();
		int port = ((WebServerApplicationContext) ingest).getWebServer().getPort();
		Files.writeString(home.resolve("keys.properties"), "producer=" + PRODUCER_KEY + "\nadmin=" + ADMIN_KEY + "\n");
		env = Map.of("HOOKLINE_HOME", home.toString(), "HOOKLINE_API", "http://127.0.0.1:" + port);
	}

	@AfterAll
	static void stopIngest() {
		ingest.close();
	}

	@Test
	void subscriptionsAreCreatedListedAndDeletedWithTheKeysUpWrote() throws Exception {
		CliRun created = CliRun
			.run(env, "subscriptions", "create", "--url", "http://127.0.0.1:9/hooks", "--event-type", "invoice.*",
					"--event-type", "customer.deleted", "--description", "billing")
			.succeeded();
		assertThat(created.out()).containsPattern("Created subscription sub_\\S+")
			.containsPattern("Secret\\s+whsec_")
			.contains("invoice.*,customer.deleted");
		JsonNode second = JSON.readTree(CliRun
			.run(env, "subscriptions", "create", "--json", "--url", "http://127.0.0.1:9/other", "--event-type", "*")
			.succeeded()
			.out());
		String id = second.path("id").asString();
		assertThat(second.path("secret").asString()).startsWith("whsec_");

		CliRun table = CliRun.run(env, "subscriptions", "list").succeeded();
		assertThat(table.out()).contains(id, "http://127.0.0.1:9/other", "http://127.0.0.1:9/hooks", "billing");
		JsonNode listed = JSON.readTree(CliRun.run(env, "subscriptions", "list", "--all", "--json").succeeded().out());
		assertThat(listed.path("data").valueStream().map((s) -> s.path("id").asString())).contains(id);
		assertThat(listed.path("data").valueStream().map((s) -> s.path("secret"))).allMatch(JsonNode::isMissingNode);

		assertThat(CliRun.run(env, "subscriptions", "delete", id).succeeded().out())
			.isEqualTo("Deleted subscription " + id + ".\n");
		assertThat(CliRun.run(env, "subscriptions", "list").succeeded().out()).doesNotContain(id);
		assertThat(CliRun.run(env, "subscriptions", "delete", id).failedWith(ExitCode.NOT_FOUND)).contains(id);
	}

	@Test
	void theDeliveryHistoryListsAndShowsWhatTheWorkerDid() throws Exception {
		String subscription = JSON
			.readTree(
					CliRun
						.run(env, "subscriptions", "create", "--json", "--url", "http://127.0.0.1:9/history",
								"--event-type", "invoice.*")
						.succeeded()
						.out())
			.path("id")
			.asString();
		Topics topics = Topics.withDefaultPrefix();
		Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		Delivery delivery = Delivery.newBuilder()
			.setDeliveryId(DeliveryIds.of("evt_cli_history", subscription))
			.setTenant("local")
			.setEventId("evt_cli_history")
			.setEventType("invoice.paid")
			.setSubscriptionId(subscription)
			.setSubscriptionVersion(1)
			.setBody(ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)))
			.setAttempt(1)
			.setCreatedAt(at)
			.setDueAt(at)
			.build();
		Attempt attempt = Attempt.newBuilder()
			.setDeliveryId(delivery.getDeliveryId())
			.setTenant("local")
			.setEventId("evt_cli_history")
			.setEventType("invoice.paid")
			.setSubscriptionId(subscription)
			.setAttempt(1)
			.setUrl("http://127.0.0.1:9/history")
			.setOutcome(Outcome.newBuilder()
				.setAt(at.plusMillis(80))
				.setStatus(200)
				.setError(null)
				.setLatencyMs(80)
				.build())
			.setResponseSnippet("thanks")
			.setBodySha256("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a")
			.setNextAction("done")
			.build();
		try (KafkaProducer<String, Delivery> deliveries = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers), topics.deliveries().keySerde().serializer(),
				topics.deliveries().valueSerde().serializer());
				KafkaProducer<String, Attempt> attempts = new KafkaProducer<>(
						Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers),
						topics.attempts().keySerde().serializer(), topics.attempts().valueSerde().serializer())) {
			deliveries.send(new ProducerRecord<>(topics.deliveries().name(), subscription, delivery)).get();
			attempts.send(new ProducerRecord<>(topics.attempts().name(), subscription, attempt)).get();
			Delivery dead = Delivery.newBuilder(delivery)
				.setDeliveryId(DeliveryIds.of("evt_cli_dead", subscription))
				.setEventId("evt_cli_dead")
				.build();
			deliveries.send(new ProducerRecord<>(topics.deliveries().name(), subscription, dead)).get();
			attempts
				.send(new ProducerRecord<>(topics.attempts().name(), subscription,
						Attempt.newBuilder(attempt)
							.setDeliveryId(dead.getDeliveryId())
							.setEventId("evt_cli_dead")
							.setNextAction("dlq")
							.setOutcome(Outcome.newBuilder(attempt.getOutcome()).setStatus(500).build())
							.build()))
				.get();
			Delivery deadLetter = Delivery.newBuilder(dead)
				.setLastOutcome(Outcome.newBuilder(attempt.getOutcome()).setStatus(500).build())
				.setDeadLetterReason("exhausted")
				.build();
			deliveries.send(new ProducerRecord<>(topics.deadLetters().name(), subscription, deadLetter)).get();
		}

		await().atMost(Duration.ofSeconds(90))
			.untilAsserted(() -> assertThat(
					CliRun.run(env, "deliveries", "list", subscription, "--status", "delivered").succeeded().out())
				.contains(delivery.getDeliveryId(), "evt_cli_history", "invoice.paid", "delivered"));
		assertThat(CliRun.run(env, "deliveries", "show", delivery.getDeliveryId()).succeeded().out())
			.contains("delivered", "80 ms", "done", "thanks");
		assertThat(CliRun.run(env, "events", "show", "evt_cli_history").succeeded().out())
			.contains("Event evt_cli_history (invoice.paid)", subscription, delivery.getDeliveryId(), "delivered");
		assertThat(CliRun.run(env, "deliveries", "list", subscription, "--status", "dropped").succeeded().out())
			.isEqualTo("No deliveries.\n");
		String deadId = DeliveryIds.of("evt_cli_dead", subscription);
		await().atMost(Duration.ofSeconds(90))
			.untilAsserted(
					() -> assertThat(CliRun.run(env, "dlq", "list", "--subscription", subscription).succeeded().out())
						.as("from the delivery history")
						.contains(deadId, "HTTP 500", "exhausted", "dead_lettered", "1 dead-lettered delivery shown"));
		await().atMost(Duration.ofSeconds(90))
			.untilAsserted(() -> assertThat(JSON
				.readTree(CliRun.run(env, "subscriptions", "stats", subscription, "--step", "15m", "--json")
					.succeeded()
					.out())
				.path("total")
				.path("attempts")
				.asInt()).isEqualTo(2));
		assertThat(CliRun.run(env, "subscriptions", "stats", subscription, "--from", "2h").succeeded().out())
			.contains("Subscription " + subscription, "TOTAL", "50.0 %");
		assertThat(CliRun.run(env, "subscriptions", "stats").succeeded().out()).contains("Tenant local",
				"By subscription, the most failures first:", subscription, "http://127.0.0.1:9/history");
		assertThat(CliRun.run(env, "subscriptions", "stats", "--step", "7s").failedWith(ExitCode.USAGE))
			.contains("step");
		await().atMost(Duration.ofSeconds(90))
			.untilAsserted(() -> assertThat(
					CliRun.run(env, "recover", subscription, "--since", "1h", "--dry-run").succeeded().out())
				.isEqualTo("Would send 1 of 1 failed deliveries again (0 already queued by a recent recover).\n"));
		assertThat(CliRun.run(env, "recover", subscription, "--since", "1h").succeeded().out())
			.isEqualTo("Queued 1 again (1 so far), 0 remaining.\n");
		await().atMost(Duration.ofSeconds(90))
			.untilAsserted(() -> assertThat(JSON
				.readTree(CliRun.run(env, "dlq", "list", "--subscription", subscription, "--json").succeeded().out())
				.path("data")
				.get(0)
				.path("replayed")
				.asBoolean()).as("queued again by recover").isTrue());
		assertThat(CliRun.run(env, "events", "show", "evt_never_sent").failedWith(ExitCode.NOT_FOUND))
			.contains("evt_never_sent");
		assertThat(CliRun.run(env, "deliveries", "list", subscription, "--status", "lost").failedWith(ExitCode.USAGE))
			.contains("status");
	}

	@Test
	void anInvalidSubscriptionIsAUsageErrorWithTheApisReason() {
		String line = CliRun.run(env, "subscriptions", "create", "--url", "ftp://example.com/x", "--event-type", "*")
			.failedWith(ExitCode.USAGE);
		assertThat(line).contains("url", "(HTTP 422)");
	}

	@Test
	void anEventSentFromTheCommandLineIsOnTheEventsTopic() throws IOException {
		Path payload = Files.writeString(home.resolve("event.json"), "{\"invoiceId\": \"in_7\", \"amount\": 1250}");
		assertThat(CliRun
			.run(env, "events", "send", "--type", "invoice.paid", "--data", "{\"invoiceId\":\"in_42\"}", "--id",
					"evt_cli_1", "--key", "customer-7")
			.succeeded()
			.out()).isEqualTo("Published event evt_cli_1.\n");
		JsonNode answer = JSON.readTree(
				CliRun
					.run(env, "events", "send", "--json", "--type", "invoice.paid", "--data", "@" + payload, "--id",
							"evt_cli_2")
					.succeeded()
					.out());
		assertThat(answer.path("ids").get(0).asString()).isEqualTo("evt_cli_2");

		List<Event> events = TopicReader.readAll(brokers, Topics.withDefaultPrefix().events())
			.stream()
			.map(ConsumerRecord::value)
			.toList();
		assertThat(events).filteredOn((e) -> e.getId().equals("evt_cli_1")).singleElement().satisfies((e) -> {
			assertThat(e.getData()).isEqualTo("{\"invoiceId\":\"in_42\"}");
			assertThat(e.getOrderingKey()).isEqualTo("customer-7");
			assertThat(e.getTenant()).isEqualTo("local");
		});
		assertThat(events).filteredOn((e) -> e.getId().equals("evt_cli_2"))
			.singleElement()
			.satisfies((e) -> assertThat(e.getData()).isEqualTo("{\"invoiceId\":\"in_7\",\"amount\":1250}"));
		assertThat(CliRun.run(env, "events", "send", "--type", "invoice.paid", "--data", "{nope")
			.failedWith(ExitCode.USAGE)).contains("--data is not valid JSON");
	}

	@Test
	void redeliverAsksTheApiForANewAttemptAndReportsAnUnknownDeliveryAsNotFound() throws IOException {
		ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
		HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		api.createContext("/v1/deliveries/", (exchange) -> {
			requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
					+ exchange.getRequestHeaders().getFirst("Authorization"));
			if (exchange.getRequestURI().getPath().equals("/v1/deliveries/msg_known/redeliver")) {
				answer(exchange, 202, "application/json", "{\"deliveryId\":\"msg_known\",\"subscriptionId\":\"sub_1\","
						+ "\"eventId\":\"evt_1\",\"queuedAt\":\"2026-11-22T10:00:00Z\"}");
			}
			else {
				answer(exchange, 404, "application/problem+json",
						"{\"type\":\"https://hookline.dev/problems/delivery-not-found\",\"title\":\"Delivery not found\","
								+ "\"status\":404,\"detail\":\"no delivery msg_unknown\"}");
			}
		});
		api.start();
		try {
			Map<String, String> stub = Map.of("HOOKLINE_HOME", home.toString(), "HOOKLINE_API",
					"http://127.0.0.1:" + api.getAddress().getPort());
			assertThat(CliRun.run(stub, "redeliver", "msg_known").succeeded().out()).isEqualTo(
					"Queued msg_known for a new attempt (subscription sub_1, event evt_1) at 2026-11-22T10:00:00Z; "
							+ "it keeps its webhook-id.\n");
			assertThat(requests).containsExactly("POST /v1/deliveries/msg_known/redeliver Bearer " + ADMIN_KEY);
			assertThat(CliRun.run(stub, "redeliver", "msg_unknown").failedWith(ExitCode.NOT_FOUND))
				.isEqualTo("hookline: no delivery msg_unknown (HTTP 404)");
		}
		finally {
			api.stop(0);
		}
	}

	private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", type);
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

}
