package dev.hookline.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.Topics;
import dev.hookline.sender.secrets.SecretCipher;
import dev.hookline.testsupport.VerifyingReceiver;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.hookline.ingest.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The subscriptions admin API on a real broker, outside local mode: read-your-writes, the
 * secret shown once and stored encrypted, deletion, tenant isolation, and the SSRF guard
 * of test-sends.
 */
@EmbeddedKafka(partitions = 2)
class SubscriptionsOnKafkaTest {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private static RunningIngest ingest;

	private static String bootstrapServers;

	private static Path keyset;

	@BeforeAll
	static void start(EmbeddedKafkaBroker broker, @TempDir Path dir) {
		bootstrapServers = broker.getBrokersAsString();
		keyset = dir.resolve("keyset.json");
		ingest = RunningIngest.start(bootstrapServers, keyset);
	}

	@AfterAll
	static void stop() {
		ingest.close();
	}

	@Test
	void aCreatedSubscriptionIsReadableAtOnceAndItsSecretIsShownOnlyOnce() {
		WebTestClient admin = ingest.client(TestKeys.ACME_ADMIN);
		Map<String, Object> created = create(admin, """
				{"url":"https://example.com/hooks","eventTypes":["order.*","user.created"],"description":"shop"}""");
		String id = (String) created.get("id");
		assertThat(id).startsWith("sub_");
		assertThat((String) created.get("secret")).startsWith("whsec_");
		assertThat(created).containsEntry("url", "https://example.com/hooks")
			.containsEntry("eventTypes", List.of("order.*", "user.created"))
			.containsEntry("description", "shop")
			.containsEntry("active", true)
			.containsEntry("version", 1)
			.containsEntry("updatedAt", created.get("createdAt"));
		assertThat(java.time.Instant.parse((String) created.get("createdAt"))).isBefore(java.time.Instant.now());

		Map<String, Object> read = admin.get()
			.uri("/v1/subscriptions/{id}", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		Map<String, Object> withoutSecret = new java.util.HashMap<>(created);
		withoutSecret.remove("secret");
		withoutSecret.remove("warnings");
		assertThat(read).isEqualTo(withoutSecret);

		admin.get()
			.uri("/v1/subscriptions")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.data[?(@.id == '" + id + "')].url")
			.isEqualTo("https://example.com/hooks")
			.jsonPath("$.data[*].secret")
			.doesNotExist();
	}

	@Test
	void theSubscriptionsTopicHoldsTheSecretOnlyEncryptedForItsSubscription() {
		Map<String, Object> created = create(ingest.client(TestKeys.ACME_ADMIN), """
				{"url":"https://example.com/secret-check","eventTypes":["*"]}""");
		String id = (String) created.get("id");
		String secret = (String) created.get("secret");
		String keyPart = secret.substring("whsec_".length());

		for (ConsumerRecord<byte[], byte[]> record : TopicRecords.readRaw(bootstrapServers,
				Topics.withDefaultPrefix().subscriptions().name())) {
			if (record.value() != null) {
				String raw = new String(record.value(), StandardCharsets.ISO_8859_1);
				assertThat(raw).doesNotContain(secret).doesNotContain(keyPart);
			}
		}
		Subscription stored = TopicRecords.readAll(bootstrapServers, Topics.withDefaultPrefix().subscriptions())
			.stream()
			.filter(record -> record.key().equals(id))
			.reduce((first, second) -> second)
			.orElseThrow()
			.value();
		ByteBuffer ciphertext = stored.getSecret();
		byte[] bytes = new byte[ciphertext.remaining()];
		ciphertext.get(bytes);
		assertThat(SecretCipher.fromFile(keyset, false).decrypt(bytes, "acme", id)).isEqualTo(secret);
	}

	@Test
	void aDeletedSubscriptionIsGone() {
		WebTestClient admin = ingest.client(TestKeys.ACME_ADMIN);
		String id = (String) create(admin, """
				{"url":"https://example.com/deleted","eventTypes":["*"]}""").get("id");

		admin.delete().uri("/v1/subscriptions/{id}", id).exchange().expectStatus().isNoContent();
		notFound(admin.get().uri("/v1/subscriptions/{id}", id).exchange());
		notFound(admin.delete().uri("/v1/subscriptions/{id}", id).exchange());
		admin.get()
			.uri("/v1/subscriptions?limit=500")
			.exchange()
			.expectBody()
			.jsonPath("$.data[?(@.id == '" + id + "')]")
			.isEmpty();
	}

	@Test
	void anotherTenantCannotSeeOrDeleteASubscription() {
		String id = (String) create(ingest.client(TestKeys.ACME_ADMIN), """
				{"url":"https://example.com/private","eventTypes":["*"]}""").get("id");
		WebTestClient intruder = ingest.client(TestKeys.GLOBEX_ADMIN);

		notFound(intruder.get().uri("/v1/subscriptions/{id}", id).exchange());
		notFound(intruder.patch()
			.uri("/v1/subscriptions/{id}", id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"active\":false}")
			.exchange());
		notFound(intruder.post().uri("/v1/subscriptions/{id}/rotate-secret", id).exchange());
		notFound(intruder.post().uri("/v1/subscriptions/{id}/test", id).exchange());
		notFound(intruder.delete().uri("/v1/subscriptions/{id}", id).exchange());
		intruder.get()
			.uri("/v1/subscriptions")
			.exchange()
			.expectBody()
			.jsonPath("$.data[?(@.id == '" + id + "')]")
			.isEmpty();
		ingest.client(TestKeys.ACME_ADMIN)
			.get()
			.uri("/v1/subscriptions/{id}", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.active")
			.isEqualTo(true)
			.jsonPath("$.version")
			.isEqualTo(1);
	}

	@Test
	void aTestSendToALoopbackAddressIsRefusedBeforeConnectingOutsideLocalMode() {
		try (VerifyingReceiver receiver = VerifyingReceiver.start()) {
			WebTestClient admin = ingest.client(TestKeys.ACME_ADMIN);
			// https passes the URL rules; the guard must refuse the address before any
			// TLS
			String id = (String) create(admin,
					"{\"url\":\"https://127.0.0.1:" + receiver.port() + "/blocked\",\"eventTypes\":[\"*\"]}")
				.get("id");

			admin.post()
				.uri("/v1/subscriptions/{id}/test", id)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.delivered")
				.isEqualTo(false)
				.jsonPath("$.error")
				.isEqualTo("blocked_address")
				.jsonPath("$.status")
				.isEmpty()
				.jsonPath("$.webhookId")
				.value(String.class, (webhookId) -> assertThat(webhookId).startsWith("msg_"));
			assertThat(receiver.received()).isEmpty();
		}
	}

	@Test
	void theListIsPagedInIdOrder() {
		WebTestClient admin = ingest.client(TestKeys.INITECH_ADMIN);
		List<String> ids = java.util.stream.Stream.of("a", "b", "c")
			.map(name -> (String) create(admin, "{\"url\":\"https://example.com/" + name + "\",\"eventTypes\":[\"*\"]}")
				.get("id"))
			.sorted()
			.toList();

		admin.get()
			.uri("/v1/subscriptions?limit=2")
			.exchange()
			.expectBody()
			.jsonPath("$.data[*].id")
			.isEqualTo(ids.subList(0, 2))
			.jsonPath("$.next")
			.isEqualTo(ids.get(1));
		admin.get()
			.uri("/v1/subscriptions?limit=2&after={after}", ids.get(1))
			.exchange()
			.expectBody()
			.jsonPath("$.data[*].id")
			.isEqualTo(ids.subList(2, 3))
			.jsonPath("$.next")
			.isEmpty();
		expectProblem(admin.get().uri("/v1/subscriptions?limit=501").exchange(), 400, "invalid-parameter");
	}

	@Test
	void aPlainHttpUrlOrAnUnknownFieldIsRefusedOutsideLocalMode() {
		WebTestClient admin = ingest.client(TestKeys.ACME_ADMIN);
		expectProblem(post(admin, """
				{"url":"http://example.com/hooks","eventTypes":["*"]}"""), 422, "invalid-subscription")
			.jsonPath("$.field")
			.isEqualTo("url");
		expectProblem(post(admin, """
				{"url":"https://example.com/hooks","eventTypes":["*"],"filter":{}}"""), 400, "invalid-subscription")
			.jsonPath("$.field")
			.isEqualTo("filter");
	}

	private static Map<String, Object> create(WebTestClient admin, String body) {
		return post(admin, body).expectStatus()
			.isCreated()
			.expectHeader()
			.value(HttpHeaders.LOCATION, location -> assertThat(location).startsWith("/v1/subscriptions/sub_"))
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
	}

	private static WebTestClient.ResponseSpec post(WebTestClient admin, String body) {
		return admin.post().uri("/v1/subscriptions").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	private static void notFound(WebTestClient.ResponseSpec response) {
		expectProblem(response, 404, "subscription-not-found");
	}

}
