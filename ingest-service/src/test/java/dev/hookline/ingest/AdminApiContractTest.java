package dev.hookline.ingest;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.hookline.schemas.Attempt;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.DeliveryIds;
import dev.hookline.schemas.Outcome;
import dev.hookline.schemas.Topic;
import dev.hookline.schemas.Topics;
import dev.hookline.testsupport.VerifyingReceiver;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpMethod;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin API as a whole: its OpenAPI document matches the routes the service really
 * has, and no call made with one tenant's key reaches another tenant's resources. The
 * isolation test walks the document, so an endpoint added later is covered, or fails the
 * test until it is classified.
 */
@EmbeddedKafka(partitions = 2, brokerProperties = { "transaction.state.log.replication.factor=1",
		"transaction.state.log.min.isr=1", "group.initial.rebalance.delay.ms=0" })
class AdminApiContractTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Topics TOPICS = Topics.withDefaultPrefix();

	@TempDir
	static Path dir;

	private static RunningIngest ingest;

	private static VerifyingReceiver receiver;

	@BeforeAll
	static void start() {
		receiver = VerifyingReceiver.start();
		ingest = RunningIngest.start(brokers(), dir.resolve("keyset.json"), "hookline.local-mode=true");
	}

	@AfterAll
	static void stop() {
		ingest.close();
		receiver.close();
	}

	@Test
	void theServedOpenApiDocumentIsValidAndListsExactlyTheServicesRoutes() {
		OpenAPI document = servedDocument();

		Set<String> documented = new TreeSet<>();
		document.getPaths()
			.forEach((path, item) -> item.readOperationsMap()
				.keySet()
				.forEach((method) -> documented.add(method + " " + normalized(path))));
		Set<String> routed = new TreeSet<>();
		Map<RequestMappingInfo, ?> handlers = ingest.bean(RequestMappingHandlerMapping.class).getHandlerMethods();
		handlers.keySet()
			.forEach((info) -> info.getPatternsCondition()
				.getPatterns()
				.stream()
				.map((pattern) -> pattern.getPatternString())
				.filter((path) -> path.startsWith("/v1/"))
				.forEach((path) -> info.getMethodsCondition()
					.getMethods()
					.forEach((method) -> routed.add(method + " " + normalized(path)))));

		assertThat(routed).as("routes of the running service").isNotEmpty();
		assertThat(documented).isEqualTo(routed);
		document.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			assertThat(operation.getOperationId()).as(method + " " + path).isNotBlank();
			assertThat(operation.getResponses()).as(method + " " + path).containsKey("401");
		}));
	}

	@Test
	void noAdminCallWithAnotherTenantsKeyReadsChangesOrTestsItsResources() {
		WebTestClient acme = ingest.client(TestKeys.ACME_ADMIN);
		WebTestClient globex = ingest.client(TestKeys.GLOBEX_ADMIN);
		JsonNode subscription = body(acme.post()
			.uri("/v1/subscriptions")
			.bodyValue(Map.of("url", receiver.url("/acme"), "eventTypes", List.of("order.*")))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(byte[].class)
			.returnResult());
		String subscriptionId = subscription.get("id").asString();
		acme.put()
			.uri("/v1/event-types/order.created")
			.bodyValue(Map.of("module", "orders", "description", "An order was placed."))
			.exchange()
			.expectStatus()
			.isCreated();
		String deliveryId = writeDeliveryWithOneAttempt(subscriptionId);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> acme.get().uri("/v1/deliveries/" + deliveryId).exchange().expectStatus().isOk());
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> acme.get()
				.uri("/v1/dead-letters")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.data[0].subscriptionId")
				.isEqualTo(subscriptionId));
		Snapshot before = snapshot(acme, subscriptionId, deliveryId);

		int tried = 0;
		List<String[]> operations = new ArrayList<>();
		servedDocument().getPaths()
			.forEach((path, item) -> item.readOperationsMap()
				.keySet()
				.forEach((method) -> operations.add(new String[] { method.name(), path })));
		// an upsert goes last: it creates globex's own type of that name, which a later
		// DELETE by globex would then rightly find
		operations.sort(Comparator.comparing((String[] operation) -> operation[0].equals("PUT")));
		for (String[] operation : operations) {
			String template = operation[1];
			String method = operation[0];
			if (template.equals("/v1/events")) {
				continue; // the producer's endpoint: no admin resource to reach
			}
			if (method.equals("POST")
					&& (template.equals("/v1/subscriptions") || template.equals("/v1/subscriptions/bulk"))) {
				continue; // creates the caller's own subscriptions
			}
			if (template.equals("/v1/subscriptions/bulk-delete")) {
				// acme's id, named in the body: as unknown to globex as any other
				assertThat(globex.post()
					.uri(template)
					.header("Content-Type", "application/json")
					.bodyValue(Map.of("ids", List.of(subscriptionId)))
					.exchange()
					.expectBody(byte[].class)
					.returnResult()
					.getStatus()
					.value()).as("POST " + template).isEqualTo(404);
				tried++;
				continue;
			}
			if (template.startsWith("/v1/tenants")) {
				// the operator's API: no tenant's key reaches it
				String uri = template.replace("{tenant}", "acme").replace("{keyId}", "key_0");
				assertThat(globex.method(HttpMethod.valueOf(method))
					.uri(uri)
					.header("Content-Type", "application/json")
					.bodyValue(Map.of())
					.exchange()
					.expectBody(byte[].class)
					.returnResult()
					.getStatus()
					.value()).as(method + " " + uri).isEqualTo(403);
				tried++;
				continue;
			}
			String id = template.startsWith("/v1/deliveries/") ? deliveryId
					: template.startsWith("/v1/events/") ? "evt_isolation" : subscriptionId;
			String uri = template.replace("{id}", id).replace("{name}", "order.created");
			WebTestClient.RequestBodySpec request = globex.method(HttpMethod.valueOf(method)).uri(uri);
			if (!method.equals("GET") && !method.equals("DELETE")) {
				request.header("Content-Type", "application/json").bodyValue(bodyFor(method, template));
			}
			EntityExchangeResult<byte[]> result = request.exchange().expectBody(byte[].class).returnResult();
			String answer = new String((result.getResponseBody() != null) ? result.getResponseBody() : new byte[0],
					java.nio.charset.StandardCharsets.UTF_8);
			int status = result.getStatus().value();
			if (!uri.equals(template)) {
				if (method.equals("PUT") && template.equals("/v1/event-types/{name}")) {
					// an upsert: the same name becomes globex's own type, acme's
					// stays
					assertThat(status).as(method + " " + uri + ": " + answer).isEqualTo(201);
				}
				else {
					assertThat(status).as(method + " " + uri + ": " + answer).isEqualTo(404);
				}
			}
			else {
				assertThat(status).as(method + " " + uri + ": " + answer).isEqualTo(200);
				assertThat(answer).doesNotContain(subscriptionId).doesNotContain(receiver.url("/acme"));
				if (template.equals("/v1/event-types")) {
					assertThat(JSON.readTree(answer).get("data").valueStream()).allSatisfy((type) -> assertThat(
							type.get("module").isNull() || !type.get("module").asString().equals("orders"))
						.isTrue());
				}
			}
			tried++;
		}

		assertThat(tried).as("admin operations tried").isGreaterThanOrEqualTo(20);
		assertThat(snapshot(acme, subscriptionId, deliveryId)).isEqualTo(before);
		assertThat(receiver.received()).as("test-send reached acme's endpoint").isEmpty();
	}

	private static Object bodyFor(String method, String template) {
		if (template.endsWith("/rotate-secret")) {
			return Map.of("expiresIn", 60);
		}
		return switch (method) {
			case "PATCH" -> Map.of("description", "changed by globex", "active", false);
			case "PUT" -> Map.of("description", "changed by globex");
			default -> Map.of();
		};
	}

	/** What acme can see of its own resources; equal before and after globex's calls. */
	private static Snapshot snapshot(WebTestClient acme, String subscriptionId, String deliveryId) {
		JsonNode subscription = body(acme.get()
			.uri("/v1/subscriptions/" + subscriptionId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(byte[].class)
			.returnResult());
		JsonNode type = body(acme.get()
			.uri("/v1/event-types/order.created")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(byte[].class)
			.returnResult());
		JsonNode delivery = body(acme.get()
			.uri("/v1/deliveries/" + deliveryId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(byte[].class)
			.returnResult());
		int subscriptionRecords = (int) TopicRecords.readAll(brokers(), TOPICS.subscriptions())
			.stream()
			.filter((record) -> record.key().equals(subscriptionId))
			.count();
		return new Snapshot(subscription.get("version").asLong(), subscription.get("active").asBoolean(),
				subscription.get("description").toString(), subscription.get("secrets").size(),
				type.get("version").asLong(), type.get("description").asString(), delivery.get("state").asString(),
				delivery.get("attempts").size(), subscriptionRecords,
				TopicRecords.readAll(brokers(), TOPICS.deliveries()).size());
	}

	private static String writeDeliveryWithOneAttempt(String subscriptionId) {
		String deliveryId = DeliveryIds.of("evt_isolation", subscriptionId);
		Instant now = Instant.now();
		Delivery delivery = Delivery.newBuilder()
			.setDeliveryId(deliveryId)
			.setTenant("acme")
			.setEventId("evt_isolation")
			.setEventType("order.created")
			.setSubscriptionId(subscriptionId)
			.setSubscriptionVersion(1)
			.setBody(ByteBuffer.wrap("{\"id\":\"evt_isolation\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
			.setAttempt(1)
			.setCreatedAt(now)
			.setDueAt(now)
			.build();
		Attempt attempt = Attempt.newBuilder()
			.setDeliveryId(deliveryId)
			.setTenant("acme")
			.setEventId("evt_isolation")
			.setEventType("order.created")
			.setSubscriptionId(subscriptionId)
			.setAttempt(1)
			.setUrl(receiver.url("/acme"))
			.setOutcome(Outcome.newBuilder().setAt(now).setStatus(500).setLatencyMs(12).build())
			.setResponseSnippet("down")
			.setBodySha256("0".repeat(64))
			.setNextAction(TOPICS.retryTiers().get(0).topic().name())
			.setNextAttemptAt(now.plusSeconds(60))
			.build();
		send(TOPICS.deliveries(), subscriptionId, delivery);
		send(TOPICS.attempts(), subscriptionId, attempt);
		// and another delivery, dead-lettered: acme's only entry of /v1/dead-letters
		Delivery dead = Delivery.newBuilder(delivery)
			.setDeliveryId(DeliveryIds.of("evt_isolation_dead", subscriptionId))
			.setEventId("evt_isolation_dead")
			.setAttempt(6)
			.setLastOutcome(Outcome.newBuilder().setAt(now).setStatus(500).setLatencyMs(12).build())
			.setDeadLetterReason("exhausted")
			.build();
		send(TOPICS.deadLetters(), subscriptionId, dead);
		return deliveryId;
	}

	private static <V> void send(Topic<String, V> topic, String key, V value) {
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers());
		try (KafkaProducer<String, V> producer = new KafkaProducer<>(config, topic.keySerde().serializer(),
				topic.valueSerde().serializer())) {
			producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static OpenAPI servedDocument() {
		byte[] yaml = ingest.anonymousClient()
			.get()
			.uri("/openapi.yaml")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		assertThat(yaml).isNotNull();
		SwaggerParseResult parsed = new OpenAPIV3Parser()
			.readContents(new String(yaml, java.nio.charset.StandardCharsets.UTF_8), null, null);
		assertThat(parsed.getMessages()).as("problems in the OpenAPI document").isEmpty();
		assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.1");
		return parsed.getOpenAPI();
	}

	/** A path with its variables' names dropped: {@code /v1/subscriptions/{}}. */
	private static String normalized(String path) {
		return path.replaceAll("\\{[^}]+}", "{}");
	}

	private static JsonNode body(EntityExchangeResult<byte[]> result) {
		return JSON.readTree(result.getResponseBody());
	}

	private static String brokers() {
		return EmbeddedKafkaCondition.getBroker().getBrokersAsString();
	}

	record Snapshot(long version, boolean active, String description, int previousSecrets, long typeVersion,
			String typeDescription, String deliveryState, int attempts, int subscriptionRecords, int deliveryRecords) {
	}

}
