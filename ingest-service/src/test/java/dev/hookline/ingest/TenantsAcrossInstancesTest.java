package dev.hookline.ingest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tenants and their keys at run time, on two ingest instances over one real broker: what
 * the operator does on one instance holds on the other without a restart, a revoked or
 * expired key is refused on both within seconds, and a rotation keeps the old key for the
 * overlap asked for.
 */
@EmbeddedKafka(partitions = 2)
class TenantsAcrossInstancesTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Generous for a loaded machine; a view follows its topic within a second. */
	private static final Duration SECONDS = Duration.ofSeconds(20);

	private static RunningIngest first;

	private static RunningIngest second;

	@BeforeAll
	static void start(EmbeddedKafkaBroker broker, @TempDir Path dir) {
		Path keyset = dir.resolve("keyset.json");
		first = RunningIngest.start(broker.getBrokersAsString(), keyset, "hookline.local-mode=true");
		second = RunningIngest.start(broker.getBrokersAsString(), keyset, "hookline.local-mode=true");
	}

	@AfterAll
	static void stop() {
		second.close();
		first.close();
	}

	@Test
	void anOperatorCreatesATenantWhoseNewKeysWorkOnEveryInstance() {
		JsonNode tenant = call(first, "POST", "/v1/tenants", "{\"id\":\"umbrella\",\"name\":\"Umbrella Corp\"}", 201);
		assertThat(tenant.path("id").asString()).isEqualTo("umbrella");
		assertThat(tenant.path("name").asString()).isEqualTo("Umbrella Corp");
		call(second, "POST", "/v1/tenants", "{\"id\":\"umbrella\"}", 409);
		assertThat(call(second, "GET", "/v1/tenants/umbrella", null, 200).path("name").asString())
			.isEqualTo("Umbrella Corp");

		JsonNode producer = issue(first, "umbrella", "{\"role\":\"producer\",\"name\":\"checkout\"}");
		JsonNode admin = issue(first, "umbrella", "{\"role\":\"ADMIN\"}");
		assertThat(producer.path("key").asString()).startsWith("hk_prod_");
		assertThat(admin.path("key").asString()).startsWith("hk_admin_");
		assertThat(producer.path("status").asString()).isEqualTo("active");
		assertThat(producer.path("role").asString()).isEqualTo("producer");

		await().atMost(SECONDS)
			.untilAsserted(() -> assertThat(status(second, admin, "GET", "/v1/subscriptions", null)).isEqualTo(200));
		assertThat(status(second, producer, "POST", "/v1/events", "{\"type\":\"order.created\",\"data\":{}}"))
			.isEqualTo(202);
		assertThat(status(second, producer, "GET", "/v1/subscriptions", null)).isEqualTo(403);
		assertThat(status(first, admin, "GET", "/v1/tenants", null)).isEqualTo(403);

		String listing = raw(second, "GET", "/v1/tenants/umbrella/keys", null, 200);
		assertThat(JSON.readTree(listing).path("data").size()).isEqualTo(2);
		assertThat(listing).doesNotContain(producer.path("key").asString())
			.doesNotContain(admin.path("key").asString())
			.doesNotContain("sha256")
			.doesNotContain("\"key\"");
		assertThat(JSON.readTree(raw(first, "GET", "/v1/tenants?limit=500", null, 200)).path("data").toString())
			.contains("umbrella");
	}

	@Test
	void aRevokedKeyIsRefusedOnEveryInstanceWithinSeconds() {
		call(first, "POST", "/v1/tenants", "{\"id\":\"revoking\"}", 201);
		JsonNode admin = issue(first, "revoking", "{\"role\":\"admin\"}");
		await().atMost(SECONDS)
			.untilAsserted(() -> assertThat(status(second, admin, "GET", "/v1/subscriptions", null)).isEqualTo(200));

		call(first, "DELETE", "/v1/tenants/revoking/keys/" + admin.path("id").asString(), null, 204);

		assertThat(status(first, admin, "GET", "/v1/subscriptions", null)).as("on the instance that revoked")
			.isEqualTo(401);
		await().atMost(SECONDS)
			.untilAsserted(() -> assertThat(status(second, admin, "GET", "/v1/subscriptions", null)).isEqualTo(401));
		JsonNode shown = call(second, "GET", "/v1/tenants/revoking/keys/" + admin.path("id").asString(), null, 200);
		assertThat(shown.path("status").asString()).isEqualTo("revoked");
		assertThat(shown.path("revokedAt").isNull()).isFalse();
		call(second, "DELETE", "/v1/tenants/revoking/keys/" + admin.path("id").asString(), null, 204);
	}

	@Test
	void anExpiredKeyIsRefusedOnEveryInstance() {
		call(first, "POST", "/v1/tenants", "{\"id\":\"expiring\"}", 201);
		JsonNode producer = issue(first, "expiring", "{\"role\":\"producer\",\"expiresIn\":3}");
		assertThat(Instant.parse(producer.path("expiresAt").asString()))
			.isEqualTo(Instant.parse(producer.path("createdAt").asString()).plusSeconds(3));

		await().atMost(SECONDS)
			.untilAsserted(() -> assertThat(
					status(second, producer, "POST", "/v1/events", "{\"type\":\"order.created\",\"data\":{}}"))
				.isEqualTo(401));
		assertThat(status(first, producer, "POST", "/v1/events", "{\"type\":\"order.created\",\"data\":{}}"))
			.isEqualTo(401);
		assertThat(call(first, "GET", "/v1/tenants/expiring/keys/" + producer.path("id").asString(), null, 200)
			.path("status")
			.asString()).isEqualTo("expired");
	}

	@Test
	void aRotationIssuesANewKeyAndKeepsTheOldOneForTheOverlapAskedFor() {
		call(first, "POST", "/v1/tenants", "{\"id\":\"rotating\"}", 201);
		JsonNode old = issue(first, "rotating", "{\"role\":\"admin\",\"name\":\"ci\"}");
		String oldId = old.path("id").asString();

		JsonNode kept = call(first, "POST", "/v1/tenants/rotating/keys/" + oldId + "/rotate", null, 201);
		JsonNode replacement = kept.path("key");
		assertThat(replacement.path("key").asString()).startsWith("hk_admin_");
		assertThat(replacement.path("name").asString()).isEqualTo("ci");
		assertThat(kept.path("previous").path("replacedBy").asString()).isEqualTo(replacement.path("id").asString());
		assertThat(Instant.parse(kept.path("previous").path("expiresAt").asString()))
			.isAfter(Instant.now().plus(Duration.ofHours(23)));
		assertThat(status(first, old, "GET", "/v1/subscriptions", null)).as("old key within the overlap")
			.isEqualTo(200);
		await().atMost(SECONDS)
			.untilAsserted(
					() -> assertThat(status(second, replacement, "GET", "/v1/subscriptions", null)).isEqualTo(200));

		JsonNode now = call(second, "POST",
				"/v1/tenants/rotating/keys/" + replacement.path("id").asString() + "/rotate", "{\"expiresIn\":0}", 201);
		assertThat(status(second, replacement, "GET", "/v1/subscriptions", null)).as("no overlap").isEqualTo(401);
		await().atMost(SECONDS)
			.untilAsserted(
					() -> assertThat(status(first, replacement, "GET", "/v1/subscriptions", null)).isEqualTo(401));
		assertThat(status(first, now.path("key"), "GET", "/v1/subscriptions", null)).isEqualTo(200);
		call(first, "POST", "/v1/tenants/rotating/keys/" + replacement.path("id").asString() + "/rotate", null, 409);
	}

	@Test
	void badRequestsAreRefusedNamingTheFieldAndOtherTenantsKeysAreNotFound() {
		assertThat(call(first, "POST", "/v1/tenants", "{\"id\":\"a/b\"}", 422).path("field").asString())
			.isEqualTo("id");
		assertThat(
				call(first, "POST", "/v1/tenants", "{\"id\":\"ok\",\"plan\":\"gold\"}", 400).path("field").asString())
			.isEqualTo("plan");
		call(first, "POST", "/v1/tenants/nobody/keys", "{\"role\":\"admin\"}", 404);
		call(first, "POST", "/v1/tenants", "{\"id\":\"initech2\"}", 201);
		assertThat(call(first, "POST", "/v1/tenants/initech2/keys", "{\"role\":\"operator\"}", 422).path("field")
			.asString()).isEqualTo("role");
		assertThat(call(first, "POST", "/v1/tenants/initech2/keys", "{\"role\":\"admin\",\"expiresIn\":0}", 422)
			.path("field")
			.asString()).isEqualTo("expiresIn");
		call(first, "POST", "/v1/tenants/initech2/keys", "{}", 400);

		call(first, "POST", "/v1/tenants", "{\"id\":\"other\"}", 201);
		JsonNode theirs = issue(first, "other", "{\"role\":\"admin\"}");
		call(first, "GET", "/v1/tenants/initech2/keys/" + theirs.path("id").asString(), null, 404);
		call(first, "DELETE", "/v1/tenants/initech2/keys/" + theirs.path("id").asString(), null, 404);
		assertThat(status(first, theirs, "GET", "/v1/subscriptions", null)).as("not revoked").isEqualTo(200);
	}

	private static JsonNode issue(RunningIngest ingest, String tenant, String body) {
		return call(ingest, "POST", "/v1/tenants/" + tenant + "/keys", body, 201);
	}

	/** A call with the operator key that must answer {@code expected}; its JSON body. */
	private static JsonNode call(RunningIngest ingest, String method, String path, String body, int expected) {
		String answer = raw(ingest, method, path, body, expected);
		return answer.isEmpty() ? JSON.nullNode() : JSON.readTree(answer);
	}

	private static String raw(RunningIngest ingest, String method, String path, String body, int expected) {
		EntityExchangeResult<byte[]> result = exchange(ingest.client(TestKeys.OPERATOR), method, path, body);
		String answer = (result.getResponseBody() != null)
				? new String(result.getResponseBody(), StandardCharsets.UTF_8) : "";
		assertThat(result.getStatus().value()).as(method + " " + path + ": " + answer).isEqualTo(expected);
		return answer;
	}

	/** The status of a call with an issued key. */
	private static int status(RunningIngest ingest, JsonNode issued, String method, String path, String body) {
		return exchange(ingest.client(issued.path("key").asString()), method, path, body).getStatus().value();
	}

	private static EntityExchangeResult<byte[]> exchange(WebTestClient client, String method, String path,
			String body) {
		WebTestClient.RequestBodySpec request = client.method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(path);
		if (body != null) {
			request.header("Content-Type", "application/json").bodyValue(body);
		}
		return request.exchange().expectBody(byte[].class).returnResult();
	}

}
