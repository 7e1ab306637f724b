package dev.hookline.ingest;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.hookline.schemas.PreviousSecret;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.Topic;
import dev.hookline.schemas.Topics;
import dev.hookline.sender.secrets.SecretCipher;
import dev.hookline.testsupport.Behaviour;
import dev.hookline.testsupport.Received;
import dev.hookline.testsupport.VerifyingReceiver;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.hookline.ingest.Problems.expectProblem;
import static dev.hookline.ingest.SubscriptionRequests.create;
import static dev.hookline.ingest.SubscriptionRequests.get;
import static dev.hookline.ingest.SubscriptionRequests.patch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Changing subscriptions on a real broker, in local mode: merge patches and their
 * versions, list filters, warnings about uncatalogued patterns, secret rotation with the
 * sweep of expired secrets, and test-sends to a verifying receiver.
 */
@EmbeddedKafka(partitions = 2)
class SubscriptionChangesOnKafkaTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Topic<String, Subscription> SUBSCRIPTIONS = Topics.withDefaultPrefix().subscriptions();

	private static RunningIngest ingest;

	private static VerifyingReceiver receiver;

	private static String bootstrapServers;

	private static Path keyset;

	@BeforeAll
	static void start(EmbeddedKafkaBroker broker, @TempDir Path dir) {
		bootstrapServers = broker.getBrokersAsString();
		keyset = dir.resolve("keyset.json");
		receiver = VerifyingReceiver.start();
		// no refill within a test: the sixth test-send in a row is always refused
		ingest = RunningIngest.start(bootstrapServers, keyset, "hookline.local-mode=true",
				"hookline.ingest.subscriptions.secret-sweep-interval=200ms",
				"hookline.ingest.subscriptions.test-send-interval=1h");
	}

	@AfterAll
	static void stop() {
		ingest.close();
		receiver.close();
	}

	@Test
	void aMergePatchReplacesPresentFieldsClearsNullOnesAndKeepsTheRest() {
		WebTestClient admin = ingest.client(TestKeys.ACME_ADMIN);
		JsonNode created = create(admin, """
				{"url":"https://example.com/a","eventTypes":["order.*"],"description":"shop",
				 "filter":[{"path":"/amount","gte":100}],"fields":["/id"],
				 "headers":{"X-Team":"billing","X-Old":"o"},"rateLimit":20}""");
		String id = created.path("id").asString();
		assertThat(created.path("filter")).isEqualTo(JSON.readTree("[{\"path\":\"/amount\",\"gte\":100}]"));
		assertThat(created.path("rateLimit").asInt()).isEqualTo(20);

		JsonNode patched = patch(admin, id, null, """
				{"url":"https://example.com/b","description":null,"filter":null,"fields":null,"rateLimit":null,
				 "headers":{"x-team":"payments","X-Old":null,"X-New":"1"}}""").expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"2\"")
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(patched.path("url").asString()).isEqualTo("https://example.com/b");
		assertThat(patched.path("eventTypes")).isEqualTo(JSON.readTree("[\"order.*\"]"));
		assertThat(patched.path("description").isNull()).isTrue();
		assertThat(patched.path("filter").isNull()).isTrue();
		assertThat(patched.path("fields").isNull()).isTrue();
		assertThat(patched.path("rateLimit").isNull()).isTrue();
		assertThat(patched.path("headers")).isEqualTo(JSON.readTree("{\"X-New\":\"1\",\"x-team\":\"payments\"}"));
		assertThat(patched.path("version").asLong()).isEqualTo(2);
		assertThat(patched.path("createdAt")).isEqualTo(created.path("createdAt"));

		JsonNode cleared = patchOk(admin, id, "{\"headers\":null}");
		assertThat(cleared.path("headers")).isEqualTo(JSON.readTree("{}"));
		assertThat(cleared.path("url").asString()).isEqualTo("https://example.com/b");
		assertThat(get(admin, id)).isEqualTo(cleared);
	}

	@Test
	void aStaleIfMatchIsRefusedAndChangesNothingWhileAFreshOneMovesTheVersionOn() {
		WebTestClient admin = ingest.client(TestKeys.ACME_ADMIN);
		String id = create(admin, "{\"url\":\"https://example.com/v\",\"eventTypes\":[\"*\"]}").path("id").asString();

		patch(admin, id, "\"1\"", "{\"description\":\"first\"}").expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"2\"");
		expectProblem(patch(admin, id, "W/\"1\"", "{\"description\":\"lost\"}"), 412, "version-mismatch")
			.jsonPath("$.currentVersion")
			.isEqualTo(2)
			.jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).contains("version 2"));
		expectProblem(admin.post()
			.uri("/v1/subscriptions/{id}/rotate-secret", id)
			.header(HttpHeaders.IF_MATCH, "\"1\"")
			.exchange(), 412, "version-mismatch");
		expectProblem(patch(admin, id, "three", "{\"description\":\"x\"}"), 400, "invalid-if-match");

		JsonNode current = get(admin, id);
		assertThat(current.path("description").asString()).isEqualTo("first");
		assertThat(current.path("version").asLong()).isEqualTo(2);
		assertThat(patch(admin, id, "2", "{\"description\":\"second\"}").expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.path("version")
			.asLong()).isEqualTo(3);
	}

	@Test
	void otherChangesKeepWhyHooklineDisabledItAndAnAdminsActivationOrDeactivationClearsIt() throws Exception {
		WebTestClient admin = ingest.client(TestKeys.ACME_ADMIN);
		String id = create(admin, "{\"url\":\"https://example.com/gone\",\"eventTypes\":[\"*\"]}").path("id")
			.asString();
		awaitDisabledAsTheWorkerDoes(admin, id);

		JsonNode fixed = patchOk(admin, id, "{\"url\":\"https://example.com/fixed\"}");
		assertThat(fixed.path("active").asBoolean()).isFalse();
		assertThat(fixed.path("disabledReason").asString()).isEqualTo("endpoint answered 410 Gone");

		// an admin's deactivation: the worker drops its pending deliveries from now on,
		// instead of dead-lettering them for replay
		JsonNode deactivated = patchOk(admin, id, "{\"active\":false}");
		assertThat(deactivated.path("active").asBoolean()).isFalse();
		assertThat(deactivated.path("disabledReason").isNull()).isTrue();

		awaitDisabledAsTheWorkerDoes(admin, id);
		JsonNode reactivated = patchOk(admin, id, "{\"active\":true}");
		assertThat(reactivated.path("active").asBoolean()).isTrue();
		assertThat(reactivated.path("disabledReason").isNull()).isTrue();
	}

	private void awaitDisabledAsTheWorkerDoes(WebTestClient admin, String id) throws Exception {
		disableAsTheWorkerDoes(id, "endpoint answered 410 Gone");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(get(admin, id).path("disabledReason").asString())
				.isEqualTo("endpoint answered 410 Gone"));
	}

	@Test
	void theListFiltersByActivityUrlEventTypeAndLastStatusAndPagesTheFilteredSet() {
		WebTestClient admin = ingest.client(TestKeys.GLOBEX_ADMIN);
		String orders = create(admin, "{\"url\":\"https://Shop.example.com/orders\",\"eventTypes\":[\"order.*\"]}")
			.path("id")
			.asString();
		String all = create(admin, "{\"url\":\"https://audit.example.com/all\",\"eventTypes\":[\"*\"]}").path("id")
			.asString();
		String users = create(admin, "{\"url\":\"https://shop.example.com/users\",\"eventTypes\":[\"user.created\"]}")
			.path("id")
			.asString();
		String alerts = create(admin,
				"{\"url\":\"https://ops.example.com/alerts\",\"eventTypes\":[\"hookline.subscription.disabled\"]}")
			.path("id")
			.asString();
		patchOk(admin, users, "{\"active\":false}");

		assertThat(ids(admin, "active=false")).containsExactly(users);
		assertThat(ids(admin, "active=true")).containsExactlyInAnyOrder(orders, all, alerts);
		assertThat(ids(admin, "url=SHOP.EXAMPLE")).containsExactlyInAnyOrder(orders, users);
		assertThat(ids(admin, "eventType=order.paid")).containsExactlyInAnyOrder(orders, all);
		assertThat(ids(admin, "eventType=hookline.subscription.disabled")).containsExactly(alerts);
		assertThat(ids(admin, "lastStatus=none")).containsExactlyInAnyOrder(orders, all, users, alerts);
		assertThat(ids(admin, "lastStatus=dead_lettered")).isEmpty();
		assertThat(ids(admin, "url=example.com&active=true&eventType=order.paid")).containsExactlyInAnyOrder(orders,
				all);

		List<String> shop = ids(admin, "url=shop");
		JsonNode first = list(admin, "url=shop&limit=1");
		assertThat(first.path("data").get(0).path("id").asString()).isEqualTo(shop.get(0));
		assertThat(first.path("next").asString()).isEqualTo(shop.get(0));
		JsonNode second = list(admin, "url=shop&limit=1&after=" + shop.get(0));
		assertThat(second.path("data").get(0).path("id").asString()).isEqualTo(shop.get(1));
		assertThat(second.path("next").isNull()).isTrue();

		for (String[] bad : new String[][] { { "active=yes", "active" }, { "eventType=Order.Paid", "eventType" },
				{ "lastStatus=failed", "lastStatus" }, { "limit=0", "limit" } }) {
			expectProblem(admin.get().uri("/v1/subscriptions?" + bad[0]).exchange(), 400, "invalid-parameter")
				.jsonPath("$.field")
				.isEqualTo(bad[1]);
		}
	}

	@Test
	void patternsThatMatchNoCataloguedTypeAreAcceptedWithAWarning() {
		WebTestClient admin = ingest.client(TestKeys.INITECH_ADMIN);
		admin.put()
			.uri("/v1/event-types/{name}", "order.created")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"description\":\"An order was placed.\"}")
			.exchange()
			.expectStatus()
			.is2xxSuccessful();

		JsonNode created = create(admin, """
				{"url":"https://example.com/w","eventTypes":["order.*","invoice.paid","hookline.*"]}""");
		assertThat(created.path("warnings")).hasSize(1);
		assertThat(created.path("warnings").get(0).path("field").asString()).isEqualTo("eventTypes[1]");
		assertThat(created.path("warnings").get(0).path("detail").asString()).contains("invoice.paid");
		String id = created.path("id").asString();
		assertThat(get(admin, id).has("warnings")).isFalse();

		assertThat(patchOk(admin, id, "{\"eventTypes\":[\"order.created\"]}").has("warnings")).isFalse();
		assertThat(patchOk(admin, id, "{\"eventTypes\":[\"order.created\",\"refund.*\"]}").path("warnings")
			.get(0)
			.path("field")
			.asString()).isEqualTo("eventTypes[1]");
	}

	@Test
	void aRotatedSecretSignsBesideTheNewOneUntilItExpiresAndIsThenSweptFromTheRecord() {
		WebTestClient admin = ingest.client(TestKeys.ACME_ADMIN);
		JsonNode created = create(admin, "{\"url\":\"" + receiver.url("/rotation") + "\",\"eventTypes\":[\"*\"]}");
		String id = created.path("id").asString();
		String oldSecret = created.path("secret").asString();

		Instant before = Instant.now();
		JsonNode rotated = admin.post()
			.uri("/v1/subscriptions/{id}/rotate-secret", id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"expiresIn\":3600}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.cacheControl(org.springframework.http.CacheControl.noStore())
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"2\"")
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		String newSecret = rotated.path("secret").asString();
		assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
		assertThat(rotated.path("version").asLong()).isEqualTo(2);
		Instant previousExpiresAt = Instant.parse(rotated.path("previousExpiresAt").asString());
		assertThat(previousExpiresAt).isBetween(before.plusSeconds(3599), Instant.now().plusSeconds(3601));
		JsonNode read = get(admin, id);
		assertThat(read.path("secrets")).hasSize(1);
		assertThat(read.path("secrets").get(0).path("expiresAt").asString())
			.isEqualTo(rotated.path("previousExpiresAt").asString());
		assertThat(read.toString()).doesNotContain(newSecret).doesNotContain(oldSecret);
		assertThat(storedSecrets(id)).containsExactly(newSecret, oldSecret);

		// each secret alone verifies: the endpoint may hold either during the overlap
		receiver.secrets("/rotation", oldSecret);
		testSend(admin, id);
		receiver.secrets("/rotation", newSecret);
		testSend(admin, id);
		List<Received> got = receiver.received("/rotation");
		assertThat(got).hasSize(2).allSatisfy((request) -> {
			assertThat(request.verified()).as(request.verificationError()).isTrue();
			assertThat(request.header("webhook-signature").split(" ")).hasSize(2);
		});

		admin.post()
			.uri("/v1/subscriptions/{id}/rotate-secret", id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"expiresIn\":1}")
			.exchange()
			.expectStatus()
			.isOk();
		expectProblem(admin.post()
			.uri("/v1/subscriptions/{id}/rotate-secret", id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"expiresIn\":604801}")
			.exchange(), 422, "invalid-rotation").jsonPath("$.field").isEqualTo("expiresIn");

		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			assertThat(latest(id).getPreviousSecrets()).hasSize(1);
			assertThat(latest(id).getPreviousSecrets().get(0).getExpiresAt()).isEqualTo(previousExpiresAt);
		});
		assertThat(get(admin, id).path("secrets")).hasSize(1);
		assertThat(latest(id).getVersion()).isEqualTo(4);
	}

	@Test
	void aTestSendDeliversASignedTestEventAndReportsTheEndpointsAnswer() {
		WebTestClient admin = ingest.client(TestKeys.ACME_ADMIN);
		JsonNode created = create(admin, "{\"url\":\"" + receiver.url("/test-send")
				+ "\",\"eventTypes\":[\"order.*\"],\"headers\":{\"X-Team\":\"billing\"}}");
		String id = created.path("id").asString();
		receiver.secrets("/test-send", created.path("secret").asString());
		patchOk(admin, id, "{\"active\":false}");

		JsonNode result = testSend(admin, id);
		assertThat(result.path("delivered").asBoolean()).isTrue();
		assertThat(result.path("status").asInt()).isEqualTo(200);
		assertThat(result.path("error").isNull()).isTrue();
		assertThat(result.path("responseSnippet").asString()).isEqualTo("{\"received\":true,\"status\":200}");
		assertThat(result.path("latencyMs").isIntegralNumber()).isTrue();
		Received got = receiver.received("/test-send").get(0);
		assertThat(got.verified()).as(got.verificationError()).isTrue();
		assertThat(got.webhookId()).isEqualTo(result.path("webhookId").asString());
		assertThat(got.header("X-Team")).isEqualTo("billing");
		JsonNode body = JSON.readTree(got.body());
		assertThat(body.path("type").asString()).isEqualTo("hookline.test");
		assertThat(body.path("id").asString()).startsWith("evt_test_");
		assertThat(body.path("data").path("subscriptionId").asString()).isEqualTo(id);

		receiver.behave("/test-send", Behaviour.status(503));
		JsonNode failed = testSend(admin, id);
		assertThat(failed.path("delivered").asBoolean()).isFalse();
		assertThat(failed.path("status").asInt()).isEqualTo(503);
		assertThat(TopicRecords.readAll(bootstrapServers, Topics.withDefaultPrefix().events())
			.stream()
			.map(ConsumerRecord::value)
			.filter((event) -> event.getType().equals("hookline.test"))).isEmpty();
	}

	@Test
	void testSendsOfOneSubscriptionAreLimited() {
		WebTestClient admin = ingest.client(TestKeys.ACME_ADMIN);
		String id = create(admin, "{\"url\":\"" + receiver.url("/limited") + "\",\"eventTypes\":[\"*\"]}").path("id")
			.asString();
		for (int i = 0; i < 5; i++) {
			testSend(admin, id);
		}
		expectProblem(admin.post().uri("/v1/subscriptions/{id}/test", id).exchange(), 429, "test-send-rate-limited");
		admin.post()
			.uri("/v1/subscriptions/{id}/test", id)
			.exchange()
			.expectHeader()
			.value(HttpHeaders.RETRY_AFTER, (seconds) -> assertThat(Long.parseLong(seconds)).isPositive());
		assertThat(receiver.received("/limited")).hasSize(5);
	}

	private static JsonNode patchOk(WebTestClient admin, String id, String body) {
		return admin.patch()
			.uri("/v1/subscriptions/{id}", id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private static JsonNode list(WebTestClient admin, String query) {
		return admin.get()
			.uri("/v1/subscriptions?" + query)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private static List<String> ids(WebTestClient admin, String query) {
		return list(admin, query + "&limit=500").path("data")
			.valueStream()
			.map((s) -> s.path("id").asString())
			.toList();
	}

	private static JsonNode testSend(WebTestClient admin, String id) {
		return admin.post()
			.uri("/v1/subscriptions/{id}/test", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private static Subscription latest(String id) {
		return TopicRecords.readAll(bootstrapServers, SUBSCRIPTIONS)
			.stream()
			.filter((record) -> record.key().equals(id))
			.reduce((first, second) -> second)
			.orElseThrow()
			.value();
	}

	/** The plaintext secrets of the stored record: the current one, then the previous. */
	private static List<String> storedSecrets(String id) {
		Subscription stored = latest(id);
		SecretCipher cipher = SecretCipher.fromFile(keyset, false);
		java.util.ArrayList<String> secrets = new java.util.ArrayList<>();
		secrets.add(cipher.decrypt(bytes(stored.getSecret()), "acme", id));
		for (PreviousSecret previous : stored.getPreviousSecrets()) {
			secrets.add(cipher.decrypt(bytes(previous.getSecret()), "acme", id));
		}
		return secrets;
	}

	private static byte[] bytes(ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.duplicate().get(bytes);
		return bytes;
	}

	/** Writes the record the worker writes when an endpoint answers 410. */
	private static void disableAsTheWorkerDoes(String id, String reason) throws Exception {
		Subscription current = latest(id);
		Subscription disabled = Subscription.newBuilder(current)
			.setActive(false)
			.setDisabledReason(reason)
			.setVersion(current.getVersion() + 1)
			.build();
		try (KafkaProducer<String, Subscription> producer = new KafkaProducer<>(
				Map.of("bootstrap.servers", bootstrapServers), SUBSCRIPTIONS.keySerde().serializer(),
				SUBSCRIPTIONS.valueSerde().serializer())) {
			producer.send(new ProducerRecord<>(SUBSCRIPTIONS.name(), id, disabled)).get();
		}
	}

}
