package dev.hookline.ingest;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Per-tenant quotas on a real broker: a tenant at its quota of subscriptions or of event
 * types gets 409 for one more, while another tenant and changes to what exists go on.
 */
@EmbeddedKafka(partitions = 2)
class QuotasOnKafkaTest {

	private static RunningIngest ingest;

	@BeforeAll
	static void start(EmbeddedKafkaBroker broker, @TempDir Path dir) {
		ingest = RunningIngest.start(broker.getBrokersAsString(), dir.resolve("keyset.json"),
				"hookline.ingest.subscriptions.max-per-tenant=2", "hookline.ingest.event-types.max-per-tenant=2");
	}

	@AfterAll
	static void stop() {
		ingest.close();
	}

	@Test
	void aTenantAtItsQuotaOfSubscriptionsCannotCreateOneMoreButOthersCan() {
		WebTestClient acme = ingest.client(TestKeys.ACME_ADMIN);
		createSubscription(acme).expectStatus().isCreated();
		createSubscription(acme).expectStatus().isCreated();

		createSubscription(acme).expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.type")
			.value((type) -> org.assertj.core.api.Assertions.assertThat((String) type).endsWith("/quota-exceeded"))
			.jsonPath("$.quota")
			.isEqualTo(2)
			.jsonPath("$.detail")
			.value((detail) -> org.assertj.core.api.Assertions.assertThat((String) detail)
				.contains("hookline.ingest.subscriptions.max-per-tenant"));
		createSubscription(ingest.client(TestKeys.GLOBEX_ADMIN)).expectStatus().isCreated();
	}

	@Test
	void aTenantAtItsQuotaOfEventTypesCannotAddOneMoreButCanChangeThoseItHas() {
		WebTestClient acme = ingest.client(TestKeys.ACME_ADMIN);
		putEventType(acme, "invoice.paid").expectStatus().isCreated();
		putEventType(acme, "invoice.sent").expectStatus().isCreated();

		putEventType(acme, "invoice.voided").expectStatus().isEqualTo(409);
		putEventType(acme, "invoice.paid").expectStatus().isOk();
	}

	private static WebTestClient.ResponseSpec createSubscription(WebTestClient admin) {
		return admin.post()
			.uri("/v1/subscriptions")
			.header("Content-Type", "application/json")
			.bodyValue("{\"url\":\"https://example.com/hooks\",\"eventTypes\":[\"*\"]}")
			.exchange();
	}

	private static WebTestClient.ResponseSpec putEventType(WebTestClient admin, String name) {
		return admin.put()
			.uri("/v1/event-types/{name}", name)
			.header("Content-Type", "application/json")
			.bodyValue("{\"description\":\"" + name + "\"}")
			.exchange();
	}

}
